import { z } from 'zod';
import { USER_KINDS, USER_ROLES, userUpsert } from '../tokens.js';
import { hostId } from '../ids.js';

/** A user as the wire shows them; `id` is always the host's user id. */
export const userProfile = z.object({
  id: hostId,
  name: z.string(),
  kind: z.enum(USER_KINDS),
  roles: z.array(z.enum(USER_ROLES)),
  dept: z.array(z.string()),
  org: z.string().nullable(),
  email: z.string().nullable(),
  avatar: z.string().nullable(),
  active: z.boolean(),
});
export type UserProfile = z.infer<typeof userProfile>;

export const upsertUsersBody = z.object({ users: z.array(userUpsert).min(1).max(1000) });
export type UpsertUsersBody = z.infer<typeof upsertUsersBody>;

export const upsertUsersResult = z.object({ created: z.number().int(), updated: z.number().int() });
export type UpsertUsersResult = z.infer<typeof upsertUsersResult>;

export const userIdParams = z.object({ id: hostId });
