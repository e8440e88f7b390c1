import { describe, expect, it } from 'vitest';
import { gitUrlOrigin, sameGitOrigin } from './git-url-origin.js';

describe('the origin of a git URL (whether a source’s credentials may go to an edited url)', () => {
  it('names scheme, host and port of a URL and the host of an scp-like one', () => {
    expect(gitUrlOrigin('https://user@git.example:8443/org/app.git')).toBe('https://git.example:8443');
    expect(gitUrlOrigin('ssh://git@git.example/org/app.git')).toBe('ssh://git.example');
    expect(gitUrlOrigin('git@git.example:org/app.git')).toBe('git.example');
  });

  it('another path on the same host is the same origin; another host, port or scheme is not', () => {
    expect(sameGitOrigin('https://git.example/org/app.git', 'https://git.example/mirror/app.git')).toBe(true);
    expect(sameGitOrigin('https://git.example/org/app.git', 'https://evil.example/org/app.git')).toBe(false);
    expect(sameGitOrigin('https://git.example/org/app.git', 'https://git.example:8443/org/app.git')).toBe(false);
    expect(sameGitOrigin('https://git.example/org/app.git', 'http://git.example/org/app.git')).toBe(false);
    expect(sameGitOrigin('git@git.example:org/app.git', 'git@evil.example:org/app.git')).toBe(false);
  });
});
