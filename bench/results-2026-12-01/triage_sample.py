import sqlite3, random, collections, re, glob, sys
db=sqlite3.connect(sys.argv[1])
ROOT='/work/kernel/linux-source-6.12/'
verd={}
for f in sorted(glob.glob('/tmp/triage/result*.md'))+sorted(glob.glob('/tmp/triage/r3_*.md'))+sorted(glob.glob('/tmp/triage/r4_*.md')):
    for line in open(f):
        if not re.match(r'\|\s*\d+\s*\|',line): continue
        c=[x.strip() for x in line.strip().strip('|').split('|')]
        rule,loc,verdict,reason=c[1],c[2],c[4],c[5]
        verdict=verdict.replace('*','').strip()
        verd[(loc,rule)]=(verdict,reason)
rows=db.execute("select id, rule, path, line, function, message from findings order by id").fetchall()
by=collections.defaultdict(list)
for r in rows: by[r[1]].append(r)
rng=random.Random(4)
uns=rng.sample(by['dma-unchecked-mapping'],min(26,len(by['dma-unchecked-mapping'])))
synt=[r for r in by['dma-unchecked-mapping'] if 'found without a complete path' in r[5]]
sample=[('S',r) for r in uns+by['dma-mapping-leak']+by['dma-sg-nents-mismatch']+by['dma-stack-buffer']]
sample+=[('X',r) for r in synt if r not in uns]
todo=[]
out=[]
for tag,r in sample:
    loc=r[2].replace(ROOT,'')+':'+str(r[3])
    v=verd.get((loc,r[1]))
    out.append((tag,r,loc,v))
    if not v: todo.append(r)
with open(sys.argv[2],'w') as o:
    for tag,r,loc,v in out:
        o.write('\t'.join([tag,str(r[0]),r[1],loc,r[4],v[0] if v else '-',(v[1] if v else '')])+'\n')
print('sample',len(out),'todo',len(todo))
cnt=collections.Counter()
for tag,r,loc,v in out:
    cnt[(tag,r[1],v[0] if v else '-')]+=1
for k in sorted(cnt): print(k,cnt[k])
def block(r):
    ev=db.execute("select path,line,message from path_events where finding_id=? order by step",(r[0],)).fetchall()
    s=f"### id={r[0]} rule={r[1]} at {r[2]}:{r[3]} in {r[4]}()\nmessage: {r[5]}\n"
    for e in ev: s+=f"  note {e[0]}:{e[1]}: {e[2]}\n"
    return s+"\n"
n=int(sys.argv[3]) if len(sys.argv)>3 else 2
parts=[todo[i::n] for i in range(n)]
for i,p in enumerate(parts):
    open(f'/tmp/triage/p4_{i+1}.txt','w').write(''.join(block(r) for r in p))
