/** The document tables (migration `storage/migrations/20261123T0500-docs.ts`). */

export interface DocSpacesTable {
  tenant_id: string;
  id: string;
  name: string;
  description: string;
  tenant_view: number;
  /** Set on spaces the system keeps (`integration`); null on people's spaces. */
  system_key: string | null;
  /** Internal user id. */
  created_by: string;
  created_at: number;
  deleted_at: number | null;
}

export interface DocFoldersTable {
  tenant_id: string;
  id: string;
  space_id: string;
  parent_id: string | null;
  name: string;
  /** Set on folders the system keeps (`imported`). */
  system_key: string | null;
  created_by: string;
  created_at: number;
  deleted_at: number | null;
}

export interface DocsTable {
  tenant_id: string;
  id: string;
  space_id: string;
  folder_id: string | null;
  title: string;
  domain: string | null;
  /** JSON string[], in the order given (`doc_tags` holds them for filtering). */
  tags: string;
  confidentiality: string;
  tenant_view: number;
  client_id: string | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
  deleted_at: number | null;
  /** The seq of the newest update in the log (0: none yet). */
  last_seq: number;
  /** The seq the snapshot covers: the log holds only later updates. */
  snapshot_seq: number;
  version_count: number;
  /** The seq the newest version covers. */
  versioned_seq: number;
  /** JSON string[] of internal user ids who edited since the newest version. */
  contributors: string;
}

export interface DocTagsTable {
  tenant_id: string;
  doc_id: string;
  tag: string;
}

export interface DocMembersTable {
  tenant_id: string;
  resource_id: string;
  resource: 'space' | 'doc';
  principal: 'user' | 'department' | 'org';
  /** Users: internal user id; departments and organisations: host ids. */
  principal_id: string;
  role: string;
  added_at: number;
}

export interface DocUpdatesTable {
  tenant_id: string;
  doc_id: string;
  seq: number;
  /** One Yjs update (v1 encoding). */
  data: Uint8Array;
  author_id: string;
  created_at: number;
}

export interface DocSnapshotsTable {
  tenant_id: string;
  doc_id: string;
  /** Every update up to this seq is merged in. */
  seq: number;
  state: Uint8Array;
  state_vector: Uint8Array;
  created_at: number;
}

export interface DocVersionsTable {
  tenant_id: string;
  id: string;
  doc_id: string;
  number: number;
  name: string;
  kind: string;
  seq: number;
  state: Uint8Array;
  state_vector: Uint8Array;
  /** JSON string[] of internal user ids. */
  contributors: string;
  /** null for automatic versions. */
  created_by: string | null;
  created_at: number;
  restored_from: string | null;
}

export interface DocTables {
  doc_spaces: DocSpacesTable;
  doc_folders: DocFoldersTable;
  docs: DocsTable;
  doc_tags: DocTagsTable;
  doc_members: DocMembersTable;
  doc_updates: DocUpdatesTable;
  doc_snapshots: DocSnapshotsTable;
  doc_versions: DocVersionsTable;
}
