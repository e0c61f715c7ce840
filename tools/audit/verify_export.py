#!/usr/bin/env python3
"""Verifies an exported Usulan audit trail offline, without trusting the service.

    verify_export.py TRANSITIONS.jsonl [--checkpoints CHECKPOINTS.jsonl
                                        --public-key audit.pub]

TRANSITIONS.jsonl is `usulanctl audit export` output, CHECKPOINTS.jsonl is
`usulanctl audit checkpoints` output (or the checkpoints as published), and
audit.pub the service's published Ed25519 public key. Uses only the Python
standard library and the `openssl` command (for Ed25519). Checks:

  * every row's hash is the SHA-256 of its canonical encoding
    ("usulan-transition-v1", README "Verifying the audit trail");
  * within each proposal, rows follow each other: sequences without gaps and
    prev_hash equal to the hash of the row before (64 zeros before sequence 1);
  * every checkpoint: its hash, its link to the one before, its signature under the
    public key (and that key's id);
  * for every checkpoint whose rows (log_index in its range) are all in the export
    (a national export), the count and the RFC 6962 Merkle root over their hashes
    in log order; for the others, that the export holds no more rows than the
    checkpoint counts.

Prints one line per problem and exits 1 if there is any, else 0.
"""

import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ZERO = "0" * 64


def ns(value):
    data = value.encode("utf-8") if isinstance(value, str) else value
    return str(len(data)).encode() + b":" + data + b","


def transition_preimage(row):
    evidence = b"".join(ns(h) for h in row["evidence_hashes"])
    attributes = b"".join(
        ns(k) + ns(v)
        for k, v in sorted(row["attributes"].items(), key=lambda kv: kv[0].encode("utf-8"))
    )
    parts = [
        "usulan-transition-v1", row["proposal_id"], str(row["sequence"]), row["from_state"],
        row["to_state"], row["event"], row["actor_id"], row["role"], row["region_code"],
        row["reason"], evidence, attributes, row["request_id"], str(row["at_us"]),
        str(row["machine_version"]), row["prev_hash"],
    ]
    return b"".join(ns(p) for p in parts)


def checkpoint_message(cp):
    parts = [
        "usulan-checkpoint-v1", str(cp["sequence"]), str(cp["first_log_index"]),
        str(cp["last_log_index"]), str(cp["transition_count"]),
        cp["merkle_root"], cp["previous_hash"], str(cp["created_at_us"]), cp["key_id"],
    ]
    return b"".join(ns(p) for p in parts)


def merkle_root(leaf_data):
    """RFC 6962 MTH over the given leaf data (each a bytes string)."""
    def leaf(d):
        return hashlib.sha256(b"\x00" + d).digest()

    def node(left, right):
        return hashlib.sha256(b"\x01" + left + right).digest()

    def mth(items):
        n = len(items)
        if n == 0:
            return hashlib.sha256(b"").digest()
        if n == 1:
            return leaf(items[0])
        k = 1
        while k * 2 < n:
            k *= 2
        return node(mth(items[:k]), mth(items[k:]))

    return mth(leaf_data).hex()


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def key_id(public_key_path):
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-in", public_key_path, "-outform", "DER"],
        check=True, capture_output=True).stdout
    return hashlib.sha256(der).hexdigest()


def signature_ok(public_key_path, message, signature_b64):
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except ValueError:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        msg_path = os.path.join(tmp, "checkpoint.bin")
        sig_path = os.path.join(tmp, "checkpoint.sig")
        with open(msg_path, "wb") as f:
            f.write(message)
        with open(sig_path, "wb") as f:
            f.write(signature)
        result = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", public_key_path, "-rawin",
             "-in", msg_path, "-sigfile", sig_path],
            capture_output=True)
        return result.returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("transitions")
    parser.add_argument("--checkpoints")
    parser.add_argument("--public-key")
    args = parser.parse_args()
    if bool(args.checkpoints) != bool(args.public_key):
        parser.error("--checkpoints and --public-key go together")

    problems = []
    rows = read_jsonl(args.transitions)

    # Row hashes.
    for row in rows:
        if hashlib.sha256(transition_preimage(row)).hexdigest() != row["hash"]:
            problems.append("row_altered proposal %s sequence %s: content does not match its hash"
                            % (row["proposal_id"], row["sequence"]))

    # Chains, per proposal.
    chains = {}
    for row in rows:
        chains.setdefault(row["proposal_id"], []).append(row)
    for proposal_id, chain in chains.items():
        chain.sort(key=lambda r: r["sequence"])
        if chain[0]["sequence"] == 1 and chain[0]["prev_hash"] != ZERO:
            problems.append("chain_broken proposal %s sequence 1: prev_hash is not 64 zeros"
                            % proposal_id)
        for before, row in zip(chain, chain[1:]):
            if row["sequence"] != before["sequence"] + 1:
                problems.append("row_missing proposal %s: sequences %d to %d are missing"
                                % (proposal_id, before["sequence"] + 1, row["sequence"] - 1))
            elif row["prev_hash"] != before["hash"]:
                problems.append("chain_broken proposal %s sequence %d: prev_hash is not the "
                                "hash of sequence %d" % (proposal_id, row["sequence"],
                                                         before["sequence"]))

    checkpoints = read_jsonl(args.checkpoints) if args.checkpoints else []
    complete = 0
    if checkpoints:
        trusted_id = key_id(args.public_key)
        previous = None
        for cp in sorted(checkpoints, key=lambda c: c["sequence"]):
            n = cp["sequence"]
            message = checkpoint_message(cp)
            digest = hashlib.sha256(message).hexdigest()
            if digest != cp["hash"]:
                problems.append("checkpoint_altered checkpoint %d: hash does not match" % n)
            expected_previous = previous["hash_recomputed"] if previous else ZERO
            expected_sequence = previous["sequence"] + 1 if previous else 1
            if n != expected_sequence or cp["previous_hash"] != expected_previous:
                problems.append("checkpoint_link_broken checkpoint %d: does not follow the "
                                "checkpoint before it" % n)
            if cp["key_id"] != trusted_id:
                problems.append("checkpoint_key_unknown checkpoint %d: signed by key %s"
                                % (n, cp["key_id"][:16]))
            elif not signature_ok(args.public_key, message, cp["signature"]):
                problems.append("checkpoint_signature_invalid checkpoint %d" % n)
            if previous and cp["first_log_index"] != previous["last_log_index"] + 1:
                problems.append("checkpoint_link_broken checkpoint %d: its range does not "
                                "start where the one before ended" % n)
            cp["hash_recomputed"] = digest
            previous = cp
            # Rows the export places in this checkpoint must lie in its range.
            for r in rows:
                if r.get("checkpoint") == n and not (
                        cp["first_log_index"] <= int(r["log_index"]) <= cp["last_log_index"]):
                    problems.append("row %s/%s claims checkpoint %d outside its range"
                                    % (r["proposal_id"], r["sequence"], n))

            covered = sorted((r for r in rows
                              if cp["first_log_index"] <= int(r["log_index"])
                              <= cp["last_log_index"]),
                             key=lambda r: int(r["log_index"]))
            if len(covered) == cp["transition_count"]:
                root = merkle_root([bytes.fromhex(r["hash"]) for r in covered])
                if root != cp["merkle_root"]:
                    problems.append("checkpoint_root_mismatch checkpoint %d: the rows give "
                                    "another Merkle root" % n)
                else:
                    complete += 1
            elif len(covered) > cp["transition_count"]:
                problems.append("checkpoint_count_mismatch checkpoint %d: %d rows claim it, "
                                "it covers %d" % (n, len(covered), cp["transition_count"]))
        known = {cp["sequence"] for cp in checkpoints}
        for row in rows:
            if row.get("checkpoint", 0) and row["checkpoint"] not in known:
                problems.append("row %s/%s names checkpoint %s, which is not given"
                                % (row["proposal_id"], row["sequence"], row["checkpoint"]))

    for problem in problems:
        print(problem)
    print("%s: %d rows, %d proposals, %d checkpoints (%d roots recomputed), %d problems"
          % ("OK" if not problems else "TAMPERING DETECTED", len(rows), len(chains),
             len(checkpoints), complete, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
