/** SageMaker's List* operations return 10 results when MaxResults is not given. */
export const DEFAULT_MAX_RESULTS = 10;

/** ListTags' MaxResults has a minimum of 50 in the model; 50 is also its default page. */
export const DEFAULT_TAGS_MAX_RESULTS = 50;
