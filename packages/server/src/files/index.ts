/**
 * What other capabilities use from `files`: who may read a file (and how their objects
 * grant access), and the wire view of a file with a fresh download URL.
 */
export { canRead, linkFile, registerFileAccess, requireReadable, unlinkFile } from './access.js';
export type { FileAccessCheck, FileLink } from './access.js';
export { fileInfo, findFile, readableFile, storeFile } from './service.js';
export type { StoredFile, UploadInput } from './service.js';
