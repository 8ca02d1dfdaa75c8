export { declaredLength, isJsonContentType, type JsonBodyResult, readJsonBody, readLimited } from "./json-body";
export { PROBLEM_CONTENT_TYPE, type ProblemBody, problem, problemBody } from "./problem";
