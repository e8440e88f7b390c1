import type { JsonObject, JsonValue } from '../../yaml/parse.js';
import { deepClone, deepEqual, isObject } from '../resource.js';
import { PatchError } from './strategic-merge.js';

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new PatchError(`invalid JSON pointer "${p}"`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolveParent(doc: JsonValue, tokens: string[], op: string, path: string): { parent: JsonObject | JsonValue[]; key: string } {
  let cur: JsonValue = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i] as string;
    let next: JsonValue | undefined;
    if (Array.isArray(cur)) next = /^\d+$/.test(t) ? cur[Number(t)] : undefined;
    else if (isObject(cur)) next = Object.prototype.hasOwnProperty.call(cur, t) ? cur[t] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') {
      throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
    }
    cur = next;
  }
  if (cur === null || typeof cur !== 'object') throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}"`);
  return { parent: cur as JsonObject | JsonValue[], key: tokens[tokens.length - 1] as string };
}

function getAt(doc: JsonValue, path: string, op: string): JsonValue {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const { parent, key } = resolveParent(doc, tokens, op, path);
  const v = Array.isArray(parent) ? (/^\d+$/.test(key) ? parent[Number(key)] : undefined) : Object.prototype.hasOwnProperty.call(parent, key) ? parent[key] : undefined;
  if (v === undefined) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return v;
}

function removeAt(doc: JsonValue, path: string, op: string): JsonValue {
  const tokens = parsePointer(path);
  const { parent, key } = resolveParent(doc, tokens, op, path);
  if (Array.isArray(parent)) {
    const i = /^\d+$/.test(key) ? Number(key) : -1;
    if (i < 0 || i >= parent.length) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
    return parent.splice(i, 1)[0] as JsonValue;
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) {
    throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  const v = parent[key] as JsonValue;
  delete parent[key];
  return v;
}

function addAt(doc: JsonValue, path: string, value: JsonValue, op: string, replace: boolean): JsonValue {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens, op, path);
  if (Array.isArray(parent)) {
    if (key === '-') {
      if (replace) throw new PatchError(`replace operation does not apply: doc is missing path: "${path}"`);
      parent.push(value);
      return doc;
    }
    const i = /^\d+$/.test(key) ? Number(key) : -1;
    if (i < 0 || i > parent.length || (replace && i >= parent.length)) {
      throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": invalid index`);
    }
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
    return doc;
  }
  // kustomize's JSON patch library lets "replace" create a missing object key (it only checks the parent).
  parent[key] = value;
  return doc;
}

/** Applies an RFC 6902 patch; returns the new document or throws PatchError. */
export function applyJson6902(doc: JsonObject, ops: JsonValue[]): JsonObject {
  let cur: JsonValue = deepClone(doc);
  for (const raw of ops) {
    if (!isObject(raw)) throw new PatchError('each JSON patch operation must be an object');
    const op = raw.op;
    const path = typeof raw.path === 'string' ? raw.path : undefined;
    if (path === undefined) throw new PatchError(`JSON patch operation ${String(op)} has no path`);
    switch (op) {
      case 'add':
        cur = addAt(cur, path, deepClone(raw.value ?? null), 'add', false);
        break;
      case 'replace':
        cur = addAt(cur, path, deepClone(raw.value ?? null), 'replace', true);
        break;
      case 'remove':
        removeAt(cur, path, 'remove');
        break;
      case 'move': {
        const from = typeof raw.from === 'string' ? raw.from : '';
        const v = removeAt(cur, from, 'move');
        cur = addAt(cur, path, v, 'move', false);
        break;
      }
      case 'copy': {
        const from = typeof raw.from === 'string' ? raw.from : '';
        cur = addAt(cur, path, deepClone(getAt(cur, from, 'copy')), 'copy', false);
        break;
      }
      case 'test': {
        const v = getAt(cur, path, 'test');
        if (!deepEqual(v, raw.value ?? null)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError(`unexpected JSON patch operation "${String(op)}"`);
    }
  }
  if (!isObject(cur)) throw new PatchError('JSON patch must leave an object');
  return cur;
}
