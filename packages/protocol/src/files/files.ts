import { z } from 'zod';
import { plazaId } from '../ids.js';

/**
 * A stored file as the wire shows it; bytes are fetched through `url`, a short-lived signed
 * link given as a path under the server's URL (`/v1/files/<id>/content?…`).
 */
export const fileInfo = z.object({
  id: plazaId,
  name: z.string(),
  size: z.number().int(),
  type: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  url: z.string(),
  urlExpiresAt: z.string(),
});
export type FileInfo = z.infer<typeof fileInfo>;

export const fileIdParams = z.object({ id: plazaId });
