// Signs in for the benchmark drivers the way a browser without JavaScript does: GET /signin, then post its sign-in
// form (a server action: the hidden fields React renders for it, the email and the password) as multipart form data,
// with the page's own Origin. The session cookie comes back on the redirect. `send(path, init)` is the driver's own
// fetch, which keeps cookies; answers nothing, throws when no session cookie came back.

const ENTITIES = { "&quot;": '"', "&#x27;": "'", "&#39;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };
const decodeEntities = (text) => text.replace(/&(quot|#x27|#39|lt|gt|amp);/g, (entity) => ENTITIES[entity]);

function attribute(tag, name) {
  const match = new RegExp(`\\s${name.replace(/[$:]/g, "\\$&")}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1]) : undefined;
}

export async function signInThroughForm(send, { origin, email, password, hasSession }) {
  const page = await send("/signin");
  const html = await page.text();
  const form = html.split("<form").map((part) => part.split("</form>")[0]).find((part) => part.includes('name="password"'));
  if (!form) throw new Error("the sign-in page has no password form");
  const body = new FormData();
  for (const tag of form.match(/<input\b[^>]*>/g) ?? []) {
    const name = attribute(tag, "name");
    if (!name || name === "email" || name === "password") continue;
    if (attribute(tag, "type") === "hidden") body.append(name, attribute(tag, "value") ?? "");
  }
  body.append("email", email);
  body.append("password", password);
  const response = await send("/signin", { method: "POST", body, headers: { origin } });
  await response.arrayBuffer();
  if (!hasSession()) throw new Error(`signing in as ${email} failed (${response.status})`);
}
