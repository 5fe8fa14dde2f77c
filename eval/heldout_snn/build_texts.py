#!/usr/bin/env python3
"""Rebuild the raw texts of a SaudiNewsNet event set (this folder, or another with --gold) from the shared corpus.

SaudiNewsNet is CC BY-NC-SA 4.0, so the repository stores offsets only; the texts are
rebuilt outside the repository (default /tmp/heldout_snn) from each gold file's `source`
({zip, index}) and checked against its `sha256`.

    python3 eval/heldout_snn/build_texts.py --shared ../shared [--out /tmp/heldout_snn]

Raw text = article['title'] + "\\n\\n" + article['content'] (Python str, no other change),
written as UTF-8 to <out>/<doc_id>.txt.
"""
import argparse
import glob
import hashlib
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def raw_text(article):
    return article['title'] + '\n\n' + article['content']


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shared', default='../shared', help='path to the shared/ folder (holds data/saudinewsnet/*.zip)')
    ap.add_argument('--out', default='/tmp/heldout_snn', help='folder to write <doc_id>.txt into')
    ap.add_argument('--gold', default=HERE, help='folder with the *.gold.json files')
    a = ap.parse_args(argv)

    out = os.path.abspath(a.out)
    if os.path.commonpath([out, os.path.abspath(os.path.join(HERE, '..', '..'))]) == os.path.abspath(os.path.join(HERE, '..', '..')):
        sys.exit(f'refusing to write SaudiNewsNet text inside the repository: {out}')
    os.makedirs(out, exist_ok=True)
    cache = {}
    bad = 0
    golds = sorted(glob.glob(os.path.join(a.gold, '*.gold.json')))
    if not golds:
        sys.exit(f'no *.gold.json in {a.gold}')
    for g in golds:
        d = json.load(open(g, encoding='utf-8'))
        zname, idx = d['source']['zip'], d['source']['index']
        if zname not in cache:
            zp = os.path.join(a.shared, 'data', 'saudinewsnet', zname)
            with zipfile.ZipFile(zp) as z:
                names = [n for n in z.namelist() if n.endswith('.json')]
                cache[zname] = json.loads(z.read(names[0]).decode('utf-8'))
        text = raw_text(cache[zname][idx])
        sha = hashlib.sha256(text.encode('utf-8')).hexdigest()
        ok = sha == d['sha256']
        bad += not ok
        with open(os.path.join(out, d['doc_id'] + '.txt'), 'w', encoding='utf-8', newline='') as f:
            f.write(text)
        print(f"{d['doc_id']}: {len(text)} chars, sha256 {'OK' if ok else 'MISMATCH'}")
    if bad:
        sys.exit(f'{bad} sha256 mismatch(es)')


if __name__ == '__main__':
    main()
