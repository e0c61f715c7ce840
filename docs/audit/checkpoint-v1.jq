# The signed message "usulan-checkpoint-v1" of one published checkpoint (a line of
# `usulanctl audit checkpoints`). Its SHA-256 is the checkpoint's hash and its
# Ed25519 signature is the line's "signature" (base64):
#   jq -j -f docs/audit/checkpoint-v1.jq <<<"$line" >checkpoint.bin
#   jq -r .signature <<<"$line" | base64 -d >checkpoint.sig
#   openssl pkeyutl -verify -pubin -inkey audit.pub -rawin -in checkpoint.bin -sigfile checkpoint.sig
def ns: "\(utf8bytelength):\(.),";
[ "usulan-checkpoint-v1", (.sequence | tostring), (.first_log_index | tostring),
  (.last_log_index | tostring), (.transition_count | tostring),
  .merkle_root, .previous_hash, (.created_at_us | tostring), .key_id
] | map(ns) | join("")
