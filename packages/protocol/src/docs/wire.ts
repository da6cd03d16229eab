/**
 * The document constants both sides use at run time, kept apart from the zod schemas so
 * that browser code (the SDK) can import them without pulling zod into its bundle.
 */

/** Limits every side checks the same way. */
export const DOC_LIMITS = {
  titleMax: 300,
  spaceNameMax: 100,
  spaceDescriptionMax: 2_000,
  folderNameMax: 100,
  /** Folders nest at most this deep (a space's top-level folders are depth 1). */
  folderDepthMax: 8,
  tagsMax: 20,
  tagMax: 50,
  versionNameMax: 200,
  grantsPerRequest: 200,
  clientIdMax: 64,
  pageMax: 200,
  /**
   * Bytes of one sync or awareness message. Below socket.io's 1 MB frame limit; a paste
   * larger than this has to arrive in several updates.
   */
  syncMessageMax: 900_000,
  /** Characters of Markdown a REST import takes (the REST body limit is 1 MB). */
  markdownMax: 500_000,
} as const;

/**
 * The first varUint of every `docs:sync` message, as y-websocket numbers them: a
 * y-protocols sync message follows `sync`, an awareness update follows `awareness`.
 */
export const DOC_MESSAGE = { sync: 0, awareness: 1 } as const;

/** y-protocols' sync message types (`messageYjsSyncStep1`, `…Step2`, `…Update`). */
export const DOC_SYNC_STEP = { step1: 0, step2: 1, update: 2 } as const;

/**
 * The name of the Y.XmlFragment holding a document's rich text, in the node schema the
 * server's README describes (ProseMirror names: `paragraph`, `heading`, `bullet_list`…).
 */
export const DOC_CONTENT_FIELD = 'content';
