import * as g from 'isomorphic-git'; globalThis.x=g;
