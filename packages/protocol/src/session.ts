import { z } from 'zod';
import type { UserProfile } from './org/users.js';

/** What a connected socket learns about itself. */
export interface SessionInfo {
  user: UserProfile;
  tenant: { id: string; name: string };
  /** When the token the socket authenticated with expires (ISO 8601). */
  expiresAt: string;
}

export const refreshPayload = z.object({ token: z.string().min(1).max(16_384) });
export type RefreshPayload = z.infer<typeof refreshPayload>;

export const emptyPayload = z.object({}).strict();
export type EmptyPayload = z.infer<typeof emptyPayload>;
