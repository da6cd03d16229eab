export interface FilesTable {
  tenant_id: string;
  id: string;
  /** The name the uploader gave; shown, never used as a path. */
  name: string;
  /** The sniffed MIME type. */
  type: string;
  size: number;
  /** Plaintext bytes per encrypted chunk. */
  chunk_size: number;
  /** The file's own AES-256 key, sealed with the master key. */
  wrapped_key: string;
  /** Internal user id of the uploader. */
  uploaded_by: string;
  created_at: number;
}

/** An object (a message, a task, a ticket…) that grants access to a file. */
export interface FileLinksTable {
  tenant_id: string;
  file_id: string;
  object_kind: string;
  object_id: string;
  created_at: number;
}

export interface FileTables {
  files: FilesTable;
  file_links: FileLinksTable;
}
