"""sql.py DB SQL: runs SQL on a dmacheck database read-only, as a user with
plain SQLite would, and prints each row tab-separated."""
import sqlite3
import sys
import urllib.parse

db, sql = sys.argv[1], sys.argv[2]
con = sqlite3.connect('file:%s?mode=ro' % urllib.parse.quote(db), uri=True)
for row in con.execute(sql):
    print('\t'.join('NULL' if v is None else str(v) for v in row))
con.close()
