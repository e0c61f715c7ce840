# The canonical encoding "usulan-transition-v1" of one exported transition (a line
# of `usulanctl audit export`), whose SHA-256 is the row's hash:
#   jq -j -f docs/audit/transition-v1.jq <<<"$line" | sha256sum
# Every value is a netstring "<byte length>:<bytes>,"; see README, "Verifying the
# audit trail".
def ns: "\(utf8bytelength):\(.),";
[ "usulan-transition-v1", .proposal_id, (.sequence | tostring), .from_state, .to_state,
  .event, .actor_id, .role, .region_code, .reason,
  (.evidence_hashes | map(ns) | join("")),
  (.attributes | to_entries | sort_by(.key) | map((.key | ns) + (.value | ns)) | join("")),
  .request_id, (.at_us | tostring), (.machine_version | tostring), .prev_hash
] | map(ns) | join("")
