import { LLMProviderError, messageOf } from "../errors.js";
import { maskSecret } from "../logger.js";

/** How a provider talks HTTP: its name for errors, the secrets to keep out of them. */
export interface HttpTarget {
  readonly providerId: string;
  readonly secrets: readonly string[];
  readonly fetch: typeof fetch;
}

/** `text` with every secret replaced by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) if (secret.length > 0) safe = safe.split(secret).join("***");

  return safe;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/**
 * `path` appended to the pathname of `base`, with exactly one slash between
 * them; the base URL's query (Azure's `?api-version=`) and fragment are kept.
 */
export function joinUrl(base: string, path: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;

  return url.href;
}

const MAX_ERROR_BODY = 2_000;

// Servers put the reason in error.message, error (a string) or message.
async function reasonOf(response: Response): Promise<string> {
  const text = (await response.text().catch(() => "")).slice(0, MAX_ERROR_BODY);
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error;
    if (typeof error === "string") return error;
    const nested = (error as Record<string, unknown> | undefined)?.message;
    if (typeof nested === "string") return nested;
    if (typeof body.message === "string") return body.message;
  } catch {
    // Not JSON: the text itself is the reason.
  }

  return text.trim() || response.statusText;
}

/**
 * POSTs JSON and resolves to an OK response. A failure rejects with an
 * LLMProviderError carrying the HTTP status; an abort rejects as the abort.
 */
export async function postJson(
  target: HttpTarget,
  url: string,
  body: unknown,
  init: { headers: Record<string, string>; signal: AbortSignal | undefined },
): Promise<Response> {
  const shownUrl = redact(maskSecret(url), target.secrets);
  let response: Response;
  try {
    response = await target.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...init.headers },
      body: JSON.stringify(body),
      signal: init.signal,
    });
  } catch (error) {
    if (isAbortError(error) || init.signal?.aborted) throw error;
    const reason = redact(messageOf(error), target.secrets);
    throw new LLMProviderError(target.providerId, `request to ${shownUrl} failed: ${reason}`, {
      cause: error,
    });
  }
  if (response.ok) return response;
  const reason = redact(await reasonOf(response), target.secrets);

  throw new LLMProviderError(
    target.providerId,
    `HTTP ${response.status} from ${shownUrl}: ${reason}`,
    {
      status: response.status,
    },
  );
}

/** The parsed JSON body of an OK response. */
export async function readJson(target: HttpTarget, response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LLMProviderError(target.providerId, "answered with a body that is not JSON.", {
      status: response.status,
      cause: error,
    });
  }
}
