import { z } from 'zod';
import { hostId, plazaId } from '../ids.js';
import { DOC_LIMITS } from './wire.js';

/**
 * Documents: spaces (a department's or project's area) hold a folder tree, folders hold
 * documents. A document's content is a Yjs document synced over the socket with the
 * standard y-protocols messages (see `DOC_MESSAGE`); everything else about it — title,
 * place, classification, sharing, versions — goes through the `docs:*` requests here.
 */

/**
 * A role on a space or a document, strongest first. Owners also share, classify and
 * delete; editors change the content and metadata; commenters and viewers read (comments
 * come later). A role on a space applies to every document in it.
 */
export const DOC_ROLES = ['owner', 'editor', 'commenter', 'viewer'] as const;
export type DocRole = (typeof DOC_ROLES)[number];

/**
 * How sensitive a document is. `confidential` and `secret` documents are never visible
 * tenant-wide (neither through their own flag nor through their space's).
 */
export const CONFIDENTIALITY_LEVELS = ['public', 'internal', 'confidential', 'secret'] as const;
export type ConfidentialityLevel = (typeof CONFIDENTIALITY_LEVELS)[number];

/** Levels that tenant-wide viewing never reaches. */
export const RESTRICTED_LEVELS: readonly ConfidentialityLevel[] = ['confidential', 'secret'];

/** Whom a role is granted to: a user (host id), a host department id, or a partner organisation id. */
export const DOC_PRINCIPALS = ['user', 'department', 'org'] as const;
export type DocPrincipal = (typeof DOC_PRINCIPALS)[number];

/** How a version came about. */
export const DOC_VERSION_KINDS = ['auto', 'manual', 'restore', 'import'] as const;
export type DocVersionKind = (typeof DOC_VERSION_KINDS)[number];

// ---- wire types --------------------------------------------------------------------------

/** A space as one user sees it. */
export interface DocSpace {
  id: string;
  name: string;
  description: string;
  /** Every employee of the tenant may view the space's documents (not confidential or secret ones). */
  tenantView: boolean;
  createdBy: string;
  createdAt: string;
  /** The caller's role. */
  role: DocRole;
}

export interface DocFolder {
  id: string;
  spaceId: string;
  /** null: at the top of the space. */
  parentId: string | null;
  name: string;
  createdBy: string;
  createdAt: string;
}

/** A document's facts (not its content) as one user sees them. */
export interface DocInfo {
  id: string;
  spaceId: string;
  /** null: at the top of the space. */
  folderId: string | null;
  title: string;
  /** One of the tenant's `docDomains`, or null when unclassified. */
  domain: string | null;
  tags: string[];
  confidentiality: ConfidentialityLevel;
  tenantView: boolean;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  /** The last change of facts or content. */
  updatedAt: string;
  clientId?: string;
  /** The caller's role (`owner` for the server token). */
  role: DocRole;
}

export interface DocGrant {
  principal: DocPrincipal;
  /** A host user id, department id or partner organisation id. */
  id: string;
  role: DocRole;
}

/** Who may open a space or document besides through its space. */
export interface DocAccess {
  grants: DocGrant[];
  tenantView: boolean;
}

export interface DocVersion {
  id: string;
  docId: string;
  /** 1, 2, 3… per document. */
  number: number;
  name: string;
  kind: DocVersionKind;
  /** Host ids of everyone whose edits went into this version since the previous one. */
  contributors: string[];
  /** Host id of who saved it (the integration's bot for imports through REST); null for automatic versions. */
  createdBy: string | null;
  createdAt: string;
  /** The version a `restore` version brought back. */
  restoredFrom: string | null;
}

export interface DocPage {
  /** Most recently created first. */
  docs: DocInfo[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface DocVersionPage {
  /** Newest first. */
  versions: DocVersion[];
  hasMore: boolean;
}

/**
 * What the server answers a `docs:sync` message with: sync step 2 and the server's own
 * step 1 (and the current awareness states) after a step 1, nothing after an update.
 */
export interface DocSyncResult {
  messages: Uint8Array[];
}

/** A sync or awareness message from another client of the document. */
export interface DocSyncPush {
  docId: string;
  message: Uint8Array;
}

/** This socket may no longer read the document (access removed, document deleted): drop it. */
export interface DocClosedPush {
  docId: string;
  reason: string;
}

// ---- schemas -------------------------------------------------------------------------------

const docId = plazaId;
const spaceId = plazaId;
const folderId = plazaId;
const docRole = z.enum(DOC_ROLES);
const printable = /^[^\p{Cc}]*$/u;

const title = z.string().trim().min(1, 'must not be empty').max(DOC_LIMITS.titleMax).regex(printable, 'must not contain control characters');
const name = (max: number) => z.string().trim().min(1, 'must not be empty').max(max).regex(printable, 'must not contain control characters');
const tag = z
  .string()
  .trim()
  .min(1)
  .max(DOC_LIMITS.tagMax)
  .regex(/^[^\p{Cc}<>]+$/u, 'must not contain control characters or < >');
const tags = z
  .array(tag)
  .max(DOC_LIMITS.tagsMax)
  .transform((v) => [...new Set(v)]);
/** Checked against the tenant's `docDomains` by the server. */
const domain = z.string().trim().min(1).max(64);
const clientId = z
  .string()
  .min(1)
  .max(DOC_LIMITS.clientIdMax)
  .regex(/^[\w-]+$/, 'may contain letters, digits, _ and - only');
const limit = (fallback: number) => z.number().int().min(1).max(DOC_LIMITS.pageMax).default(fallback);

export const docRoleSchema = docRole;
export const confidentialityLevel = z.enum(CONFIDENTIALITY_LEVELS);

export const docGrant = z.object({ principal: z.enum(DOC_PRINCIPALS), id: hostId, role: docRole }).strict();
const principalRef = z.object({ principal: z.enum(DOC_PRINCIPALS), id: hostId }).strict();

/** Bytes as socket.io delivers them (a Buffer in Node is a Uint8Array), bounded. */
export const syncMessage = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'must be binary' })
  .refine((b) => b.byteLength > 0, 'must not be empty')
  .refine((b) => b.byteLength <= DOC_LIMITS.syncMessageMax, `must be at most ${DOC_LIMITS.syncMessageMax} bytes`);

export const createSpacePayload = z
  .object({
    name: name(DOC_LIMITS.spaceNameMax),
    description: z.string().trim().max(DOC_LIMITS.spaceDescriptionMax).default(''),
    tenantView: z.boolean().default(false),
    /** Besides the creator, who becomes owner. */
    grants: z.array(docGrant).max(DOC_LIMITS.grantsPerRequest).default([]),
  })
  .strict();

export const spaceRef = z.object({ spaceId }).strict();

export const createFolderPayload = z
  .object({ spaceId, parentId: folderId.nullable().default(null), name: name(DOC_LIMITS.folderNameMax) })
  .strict();

export const createDocPayload = z
  .object({
    spaceId,
    folderId: folderId.nullable().default(null),
    title,
    domain: domain.nullable().default(null),
    tags: tags.default([]),
    confidentiality: confidentialityLevel.default('internal'),
    tenantView: z.boolean().default(false),
    /** Idempotency key: a retried create answers the stored document. */
    clientId: clientId.optional(),
  })
  .strict();

export const docRef = z.object({ docId }).strict();

export const updateDocPayload = z
  .object({
    docId,
    title: title.optional(),
    folderId: folderId.nullable().optional(),
    domain: domain.nullable().optional(),
    tags: tags.optional(),
    /** Owners only. */
    confidentiality: confidentialityLevel.optional(),
  })
  .strict()
  .refine((v) => Object.entries(v).some(([key, x]) => key !== 'docId' && x !== undefined), 'name at least one field to change');

export const listDocsPayload = z
  .object({
    /** Without a space: every document the caller can see, across spaces (shared with them included). */
    spaceId: spaceId.optional(),
    /** With `spaceId`: only this folder's documents (null: the top of the space). */
    folderId: folderId.nullable().optional(),
    domain: domain.optional(),
    tag: tag.optional(),
    confidentiality: confidentialityLevel.optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: limit(100),
  })
  .strict()
  .refine((v) => v.folderId === undefined || v.spaceId !== undefined, { message: 'a folder filter needs spaceId', path: ['folderId'] });

/** Exactly one of `spaceId` and `docId`: the space or document whose sharing is meant. */
const shareTarget = { spaceId: spaceId.optional(), docId: docId.optional() };
const oneTarget = (v: { spaceId?: string; docId?: string }) => (v.spaceId === undefined) !== (v.docId === undefined);

export const sharePayload = z
  .object({
    ...shareTarget,
    /** Adds these grants or changes their roles. */
    set: z.array(docGrant).max(DOC_LIMITS.grantsPerRequest).default([]),
    remove: z.array(principalRef).max(DOC_LIMITS.grantsPerRequest).default([]),
    tenantView: z.boolean().optional(),
  })
  .strict()
  .refine(oneTarget, 'name exactly one of spaceId and docId');

export const accessPayload = z.object(shareTarget).strict().refine(oneTarget, 'name exactly one of spaceId and docId');

export const docSyncPayload = z.object({ docId, message: syncMessage }).strict();

export const versionsPayload = z.object({ docId, before: z.number().int().min(1).optional(), limit: limit(50) }).strict();
export const saveVersionPayload = z.object({ docId, name: name(DOC_LIMITS.versionNameMax) }).strict();
export const versionRef = z.object({ docId, versionId: plazaId }).strict();

export type CreateSpacePayload = z.input<typeof createSpacePayload>;
export type SpaceRef = z.infer<typeof spaceRef>;
export type CreateFolderPayload = z.input<typeof createFolderPayload>;
export type CreateDocPayload = z.input<typeof createDocPayload>;
export type DocRef = z.infer<typeof docRef>;
export type UpdateDocPayload = z.input<typeof updateDocPayload>;
export type ListDocsPayload = z.input<typeof listDocsPayload>;
export type SharePayload = z.input<typeof sharePayload>;
export type AccessPayload = z.infer<typeof accessPayload>;
export type DocSyncPayload = z.infer<typeof docSyncPayload>;
export type VersionsPayload = z.input<typeof versionsPayload>;
export type SaveVersionPayload = z.infer<typeof saveVersionPayload>;
export type VersionRef = z.infer<typeof versionRef>;

// ---- REST (server token) ---------------------------------------------------------------------

/** REST: `POST /v1/docs` (CONTRACT.md). The document lands in the tenant's "Imported" folder. */
export const restCreateDocBody = z.object({
  title,
  markdown: z.string().max(DOC_LIMITS.markdownMax, `must be at most ${DOC_LIMITS.markdownMax} characters`).optional(),
  editors: z.array(hostId).max(DOC_LIMITS.grantsPerRequest).optional(),
  viewers: z.array(hostId).max(DOC_LIMITS.grantsPerRequest).optional(),
});
export type RestCreateDocBody = z.input<typeof restCreateDocBody>;

/** REST: `GET /v1/docs` — like `docs:list`, for the whole tenant. */
export const restListDocsQuery = z
  .object({
    space: spaceId.optional(),
    folder: folderId.optional(),
    domain: domain.optional(),
    tag: tag.optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(DOC_LIMITS.pageMax).default(100),
  })
  .strict();
export type RestListDocsQuery = z.input<typeof restListDocsQuery>;

export const docIdParams = z.object({ id: docId });

export const DOC_EXPORT_FORMATS = ['markdown'] as const;
export const docExportQuery = z.object({ format: z.enum(DOC_EXPORT_FORMATS).default('markdown') }).strict();
