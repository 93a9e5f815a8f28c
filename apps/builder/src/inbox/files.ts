import { csrfToken, session } from '../lib/session.ts';

/** Files over the API's plain HTTP routes, with the same credentials the tRPC client sends. */
function authHeaders(): Record<string, string> {
  const token = session.token();
  if (token) return { authorization: `Bearer ${token}` };
  const csrf = csrfToken();
  return csrf ? { 'x-csrf-token': csrf } : {};
}

async function failure(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  return new Error(body?.error ?? `The server answered ${response.status}.`);
}

/** Must match MAX_ATTACHMENT_BYTES on the server (tasks/file-types.ts); checked there too. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export async function uploadAttachment(taskId: string, file: File): Promise<void> {
  if (file.size > MAX_ATTACHMENT_BYTES) throw new Error(`"${file.name}" is larger than 5 MB.`);
  const response = await fetch(`/api/tasks/${taskId}/attachments`, {
    method: 'POST',
    headers: { ...authHeaders(), 'x-file-name': encodeURIComponent(file.name), 'content-type': 'application/octet-stream' },
    body: file,
  });
  if (!response.ok) throw await failure(response);
}

/** Downloads through fetch (a bearer token cannot ride on a plain link) and saves the file. */
export async function download(url: string, fileName: string): Promise<void> {
  const response = await fetch(url, { headers: authHeaders() });
  if (!response.ok) throw await failure(response);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
