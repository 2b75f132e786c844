"""The plain SMTP client the delivery benchmark compares bantin with: Python's smtplib sending the
same message N times to the same sink, a new connection per message. Prints the seconds it took.

Usage: plain_smtp.py PORT N MESSAGE_FILE
"""
import smtplib
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
with open(sys.argv[3], "rb") as f:
    body = f.read()
start = time.perf_counter()
for i in range(count):
    # local_hostname: without it smtplib looks up this machine's name (slow when offline).
    with smtplib.SMTP("127.0.0.1", port, local_hostname="localhost") as s:
        s.sendmail("bantin@localhost", [f"plain{i}@example.org"], body)
print(time.perf_counter() - start)
