#!/usr/bin/env python3
"""Extracts strategic-merge list metadata from the Kubernetes OpenAPI document kustomize v5.5.0 embeds.

kustomize (kyaml v0.18.1) ships Kubernetes v1.21.2's swagger as a gnostic protobuf at
kyaml/openapi/kubernetesapi/v1_21_2/swagger.pb. This script reads that file and writes the small table
packages/reconcile-core/src/build/patch/k8s-merge-schema.gen.ts: for each kind, the path of definitions
down to every list with x-kubernetes-patch-strategy, with its merge keys (list-map-keys first, then the
patch-merge-key), exactly what kyaml's walker consults.

usage: extract-merge-schema.py swagger.pb > k8s-merge-schema.gen.ts
"""
import json
import sys

data = open(sys.argv[1], 'rb').read()


def varint(b, i):
    r = s = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def fields(b):
    out, i = [], 0
    while i < len(b):
        key, i = varint(b, i)
        f, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(b, i)
        elif wt == 2:
            n, i = varint(b, i)
            v, i = b[i:i + n], i + n
        elif wt == 1:
            v, i = None, i + 8
        elif wt == 5:
            v, i = None, i + 4
        else:
            raise ValueError('bad wire type')
        out.append((f, v))
    return out


def get(msg, f):
    return [v for ff, v in msg if ff == f]


def named(b):  # NamedSchema / NamedAny: 1 name, 2 value
    m = fields(b)
    return get(m, 1)[0].decode(), (get(m, 2) or [b''])[0]


def ref_name(schema_msg):
    r = get(schema_msg, 1)  # $ref
    return r[0].decode().split('/')[-1] if r else None


def extensions(schema_msg):
    out = {}
    for nb in get(schema_msg, 31):
        k, anyb = named(nb)
        yaml_text = (get(fields(anyb), 2) or [b''])[0].decode()
        out[k] = yaml_text.strip()
    return out


doc = fields(data)
defs = {}
for nb in get(fields(get(doc, 9)[0]), 1):
    name, sb = named(nb)
    defs[name] = fields(sb)

table = {}
gvks = {}
for name, s in defs.items():
    ext = extensions(s)
    g = ext.get('x-kubernetes-group-version-kind')
    if g:
        # a YAML list of {group, kind, version}
        cur = {}
        for line in g.splitlines():
            line = line.strip().lstrip('- ').strip()
            if ':' in line:
                k, v = line.split(':', 1)
                cur[k.strip()] = v.strip().strip('"')
            if {'group', 'kind', 'version'} <= cur.keys():
                api = f"{cur['group']}/{cur['version']}" if cur['group'] else cur['version']
                gvks[f"{api}|{cur['kind']}"] = name
                cur = {}
    props = {}
    for pb in get(s, 25):
        for nb in get(fields(pb), 1):
            pname, psb = named(nb)
            p = fields(psb)
            entry = {}
            r = ref_name(p)
            if r:
                entry['r'] = r
            items = get(p, 23)
            if items:
                it = get(fields(items[0]), 1)
                if it:
                    ir = ref_name(fields(it[0]))
                    if ir:
                        entry['i'] = ir
            pext = extensions(p)
            if 'x-kubernetes-patch-strategy' in pext:
                entry['s'] = pext['x-kubernetes-patch-strategy']
                if 'x-kubernetes-list-map-keys' in pext:
                    entry['k'] = [x.strip().lstrip('- ').strip() for x in pext['x-kubernetes-list-map-keys'].splitlines() if x.strip()]
                elif 'x-kubernetes-patch-merge-key' in pext:
                    entry['k'] = [pext['x-kubernetes-patch-merge-key']]
                else:
                    entry['k'] = []
            if entry:
                props[pname] = entry
    table[name] = props

# Keep only definitions from which a patch strategy can be reached.
interesting = set()
changed = True
while changed:
    changed = False
    for name, props in table.items():
        if name in interesting:
            continue
        for p in props.values():
            if 's' in p or p.get('r') in interesting or p.get('i') in interesting:
                interesting.add(name)
                changed = True
                break

# Cluster-scoped types: every API path of the kind lacks /namespaces/{namespace}/ (kyaml's rule).
namespaced = {}
for nb in get(fields(get(doc, 8)[0]), 2):
    path, item = named(nb)
    at = 0
    while True:
        at = item.find(b'x-kubernetes-group-version-kind', at)
        if at < 0:
            break
        at += len('x-kubernetes-group-version-kind')
        chunk = item[at:at + 160].decode('latin1')
        import re
        g = re.search(r'group: "?([^"\n]*)"?\n', chunk)
        k = re.search(r'kind: ([^\n]+)\n', chunk)
        v = re.search(r'version: ([^\n]+)\n', chunk)
        if not (g and k and v):
            continue
        api = f"{g.group(1)}/{v.group(1)}" if g.group(1) else v.group(1)
        key = f"{api}|{k.group(1).strip()}"
        namespaced[key] = namespaced.get(key, False) or '{namespace}' in path
cluster_scoped = sorted(k for k, v in namespaced.items() if not v)

short = {n: i for i, n in enumerate(sorted(interesting))}
out_defs = []
for n in sorted(interesting):
    props = {}
    for pname, p in table[n].items():
        e = {}
        if p.get('r') in interesting:
            e['r'] = short[p['r']]
        if p.get('i') in interesting:
            e['i'] = short[p['i']]
        if 's' in p:
            e['s'] = p['s']
            e['k'] = p['k']
        if e:
            props[pname] = e
    out_defs.append(props)
out_gvks = {k: short[v] for k, v in sorted(gvks.items()) if v in interesting}

print('// Generated by scripts/extract-merge-schema.py from the Kubernetes v1.21.2 OpenAPI document that')
print('// kustomize v5.5.0 embeds. Do not edit by hand.')
print('')
print('export interface MergeProp {')
print('  /** definition index of an object field */')
print('  r?: number;')
print('  /** definition index of list elements */')
print('  i?: number;')
print('  /** x-kubernetes-patch-strategy */')
print('  s?: string;')
print('  /** merge keys: x-kubernetes-list-map-keys, else x-kubernetes-patch-merge-key */')
print('  k?: string[];')
print('}')
print('')
print('export const K8S_MERGE_DEFS: Record<string, MergeProp>[] = ' + json.dumps(out_defs, separators=(',', ':')) + ';')
print('')
print('/** "apiVersion|kind" → definition index */')
print('export const K8S_MERGE_ROOTS: Record<string, number> = ' + json.dumps(out_gvks, separators=(',', ':')) + ';')
print('')
print('/** "apiVersion|kind" of the cluster-scoped types in that document. */')
print('export const K8S_CLUSTER_SCOPED: string[] = ' + json.dumps(cluster_scoped, separators=(',', ':')) + ';')
