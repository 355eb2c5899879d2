import { showJobPage } from "./job-page.js";
import { showJobsPage } from "./jobs-page.js";
import { DASHBOARD_CSS } from "./styles.js";

/*
 * The dashboard: `/_gt/dashboard` lists every job; `/_gt/dashboard/jobs/<name>?region=` shows one.
 * It reads the admin API's dashboard routes and follows job events (server-sent) to stay current.
 */

const app = document.getElementById("app") as HTMLElement;
const status = document.getElementById("status") as HTMLElement;
app.classList.add("dashboard");
const style = document.createElement("style");
style.textContent = DASHBOARD_CSS;
document.head.append(style);

const say = (message: string): void => {
  status.textContent = message;
};

function showError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  say(message);
  const alert = document.createElement("p");
  alert.className = "failure";
  alert.setAttribute("role", "alert");
  alert.textContent = message;
  app.prepend(alert);
}

const jobMatch = /^\/_gt\/dashboard\/jobs\/([^/]+)\/?$/u.exec(location.pathname);
if (jobMatch?.[1]) {
  const region = new URLSearchParams(location.search).get("region") ?? "";
  showJobPage(app, say, decodeURIComponent(jobMatch[1]), region).catch(showError);
} else {
  showJobsPage(app, say).catch(showError);
}
