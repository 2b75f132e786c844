"""Parses one email (raw bytes on stdin) with Python's email package under policy.strict, which raises
on any header defect, and prints what it found as JSON: every defect of the message and its parts,
and the decoded headers a reader sees."""
import email
import email.policy
import json
import sys

raw = sys.stdin.buffer.read()
errors = []
try:
    msg = email.message_from_bytes(raw, policy=email.policy.strict)
except Exception as exc:  # strict parsing refused the message itself
    print(json.dumps({"errors": [f"parse: {exc!r}"]}))
    sys.exit(0)

headers = {}
for name in msg.keys():
    try:
        value = msg[name]
        headers[name.lower()] = str(value)
        for defect in getattr(value, "defects", ()):
            errors.append(f"{name}: {defect!r}")
    except Exception as exc:
        errors.append(f"{name}: {exc!r}")

parts = []
for part in msg.walk():
    for defect in part.defects:
        errors.append(f"{part.get_content_type()}: {defect!r}")
    parts.append(part.get_content_type())
    if not part.is_multipart():
        try:
            part.get_content()
        except Exception as exc:
            errors.append(f"{part.get_content_type()} body: {exc!r}")

print(json.dumps({
    "errors": errors,
    "headers": headers,
    "parts": parts,
    "from_display_name": msg["from"].addresses[0].display_name if "from" in headers else None,
}, ensure_ascii=False))
