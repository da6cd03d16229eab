/**
 * The SDK's chat API types the chat elements use, in one place. (Written against the
 * SDK's announced shape while both were built; now the SDK's own types.)
 */
export type {
  ChannelHandle,
  ChannelViewState,
  ChatApi,
  FilesApi,
  LoadOptions,
  PendingMessage,
  SendInput,
  ThreadHandle,
  UploadOptions,
} from '@plaza/sdk';
