/**
 * Keyboard control of the task's video, for labeling faster than with the mouse: Space plays and
 * pauses, ←/→ seek 5 s, `,`/`.` step one frame (paused), `[`/`]` halve or double the speed
 * (0.25×–4×), `?` shows every shortcut. Keys typed into text fields are left alone.
 */
const FRAME_SECONDS = 1 / 30;
const SEEK_SECONDS = 5;
const MIN_RATE = 0.25;
const MAX_RATE = 4;

const SHORTCUTS: [string, string][] = [
  ["1–9", "choose a category"],
  ["Enter", "submit"],
  ["Space", "play / pause"],
  ["← →", "seek 5 seconds"],
  [", .", "step one frame back / forward"],
  ["[ ]", "slower / faster (0.25×–4×)"],
  ["?", "show or hide this help"],
];

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement ||
  (target instanceof HTMLElement && target.isContentEditable);

function helpOverlay(): HTMLElement {
  const overlay = document.createElement("div");
  overlay.className = "gtc-help";
  overlay.setAttribute("role", "dialog");
  overlay.setAttribute("aria-label", "Keyboard shortcuts");
  overlay.hidden = true;
  const list = document.createElement("dl");
  for (const [keys, action] of SHORTCUTS) {
    const term = document.createElement("dt");
    term.textContent = keys;
    const description = document.createElement("dd");
    description.textContent = action;
    list.append(term, description);
  }
  const title = document.createElement("strong");
  title.textContent = "Keyboard shortcuts";
  overlay.append(title, list);
  return overlay;
}

function showRate(video: HTMLVideoElement, badge: HTMLElement): void {
  badge.textContent = `${String(video.playbackRate)}×`;
  badge.hidden = video.playbackRate === 1;
}

export function installVideoKeys(): void {
  // A template that includes the script twice must not get every shortcut twice.
  if (document.querySelector(".gtc-help")) return;
  const overlay = helpOverlay();
  const rate = document.createElement("div");
  rate.className = "gtc-rate";
  rate.setAttribute("aria-live", "polite");
  rate.hidden = true;
  document.body.append(overlay, rate);
  document.addEventListener(
    "keydown",
    (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === "?") {
        overlay.hidden = !overlay.hidden;
        event.preventDefault();
        return;
      }
      const video = document.querySelector("video");
      if (!video) return;
      switch (event.key) {
        case " ":
          if (video.paused) void video.play().catch(() => undefined);
          else video.pause();
          break;
        case "ArrowLeft":
          video.currentTime = Math.max(0, video.currentTime - SEEK_SECONDS);
          break;
        case "ArrowRight":
          video.currentTime = Math.min(video.duration || Infinity, video.currentTime + SEEK_SECONDS);
          break;
        case ",":
        case ".":
          video.pause();
          video.currentTime = Math.max(
            0,
            video.currentTime + (event.key === "." ? FRAME_SECONDS : -FRAME_SECONDS),
          );
          break;
        case "[":
        case "]":
          video.playbackRate = Math.min(
            MAX_RATE,
            Math.max(MIN_RATE, video.playbackRate * (event.key === "]" ? 2 : 0.5)),
          );
          showRate(video, rate);
          break;
        default:
          return;
      }
      // The video has these keys: Space must not also press a focused category button.
      event.preventDefault();
      event.stopPropagation();
    },
    true,
  );
}
