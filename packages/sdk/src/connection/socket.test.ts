import { describe, expect, it } from 'vitest';
import { socketEndpoint } from './socket.js';

describe('socketEndpoint', () => {
  it('connects to the origin with the default socket.io path', () => {
    expect(socketEndpoint('https://plaza.example.com')).toEqual({
      origin: 'https://plaza.example.com',
      path: '/socket.io',
    });
  });

  it('keeps a path prefix in the socket.io path instead of treating it as a namespace', () => {
    expect(socketEndpoint('https://intranet.example/plaza/')).toEqual({
      origin: 'https://intranet.example',
      path: '/plaza/socket.io',
    });
  });

  it('an explicit path wins', () => {
    expect(socketEndpoint('http://127.0.0.1:8080/x', '/ws')).toEqual({ origin: 'http://127.0.0.1:8080', path: '/ws' });
  });
});
