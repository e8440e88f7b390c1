import { describe, expect, it } from 'vitest';
import { sourceUrlOrigin, sameSourceOrigin } from './source-url-origin.js';

describe('the origin of a source URL (whether a source’s credentials may go to an edited url)', () => {
  it('names scheme, host and port of a URL and the host of an scp-like one', () => {
    expect(sourceUrlOrigin('https://user@git.example:8443/org/app.git')).toBe('https://git.example:8443');
    expect(sourceUrlOrigin('ssh://git@git.example/org/app.git')).toBe('ssh://git.example');
    expect(sourceUrlOrigin('git@git.example:org/app.git')).toBe('git.example');
    expect(sourceUrlOrigin('oci://127.0.0.1:5000/team/manifests')).toBe('oci://127.0.0.1:5000');
  });

  it('another path on the same host is the same origin; another host, port or scheme is not', () => {
    expect(sameSourceOrigin('https://git.example/org/app.git', 'https://git.example/mirror/app.git')).toBe(true);
    expect(sameSourceOrigin('https://git.example/org/app.git', 'https://evil.example/org/app.git')).toBe(false);
    expect(sameSourceOrigin('https://git.example/org/app.git', 'https://git.example:8443/org/app.git')).toBe(false);
    expect(sameSourceOrigin('https://git.example/org/app.git', 'http://git.example/org/app.git')).toBe(false);
    expect(sameSourceOrigin('git@git.example:org/app.git', 'git@evil.example:org/app.git')).toBe(false);
    expect(sameSourceOrigin('oci://ghcr.io/team/app', 'oci://ghcr.io/team/mirror')).toBe(true);
    expect(sameSourceOrigin('oci://ghcr.io/team/app', 'oci://evil.example/team/app')).toBe(false);
  });
});
