import { API_RESOURCE_LABELS, type ApiResource } from "../api-keys/scopes";

/** A scope as the consent page says it: "See and change events and rooms" for `events:write`. */
export function scopeInPlainWords(scope: string): string {
  const [resource, access] = scope.split(":") as [ApiResource, string];
  const label = API_RESOURCE_LABELS[resource];
  if (!label) return scope;
  return `${access === "write" ? "See and change" : "See"} ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}
