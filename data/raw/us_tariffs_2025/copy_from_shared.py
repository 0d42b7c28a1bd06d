# Copies the raw inputs of the 2025 schedules from ../shared/data into data/raw/us_tariffs_2025
# (run once, from anywhere, with Python 3; documented in PROVENANCE.md). Not part of the build.
import csv, os, sys
S=os.environ.get('SHARED_DATA','/work/shared/data')+'/'; O=os.path.dirname(os.path.abspath(__file__))+'/'
T=S+'us_tariffs_2025_tracker/'
iso={r['cty_code']:r['iso3'] for r in csv.DictReader(open(S+'hs_trade_2024/partners.csv'))}
iso['5800']='KOR'
with open(O+'us_imports_2024_hs10.csv','w',newline='') as f:
    w=csv.writer(f,lineterminator='\n'); w.writerow(['exporter','hs10','value','duty'])
    for r in csv.DictReader(open(S+'hs_trade_2024/us_imports_2024_hs10_by_partner.csv')):
        if r['cty_code']=='4359': continue  # Slovakia is inside the EU aggregate 0003
        w.writerow([iso[r['cty_code']],r['hs10'],r['imports_usd'],r['calc_duty_usd']])
hs6=set()
with open(O+'hs6_icio.csv','w',newline='') as f:
    w=csv.writer(f,lineterminator='\n'); w.writerow(['hs6','sector'])
    for r in csv.DictReader(open(S+'hs_trade_2024/hs6_2022_to_icio_sector.csv')):
        hs6.add(r['hs6']); w.writerow([r['hs6'],r['icio_primary']])
with open(O+'china_imports_from_usa_2017_hs8.csv','w',newline='') as f:
    w=csv.writer(f,lineterminator='\n'); w.writerow(['exporter','hs8','value'])
    for r in csv.DictReader(open(S+'uschina_tradewar_tariffs/bjz2019_china_imports_from_us_2017_hs8_kusd.csv')):
        v=float(r["2017 China's Imports from US (000USD)"] or 0)*1000
        if v>0: w.writerow(['USA',r['hs08'],'%.0f'%v])
def norm(c, width=None):
    c=c.replace('.','').strip()
    if not c.isdigit(): return None
    if width and len(c)<width: c=c.zfill(width)
    if len(c)%2: c='0'+c
    return c
lists={'steel':'steel-tariffs.csv','aluminium':'alu-tariffs.csv','autos':'auto-tariffs.csv','copper':'copper-list.csv',
 'electronics_apr11':'consumer_electronics_EO14257_apr11.csv','annex2':'annex-II-exemptions.csv','annex2_nov14':'annex-II-exemptions-nov14.csv'}
for name,fn in lists.items():
    codes=[];bad=[]
    for r in csv.reader(open(T+'tariff-lists/'+fn,encoding='utf-8-sig')):
        c=norm(r[0]); 
        if c is None: continue
        (codes if (len(c)<6 and any(h.startswith(c) for h in hs6)) or c[:6] in hs6 else bad).append(c)
    with open(O+'lists/'+name+'.csv','w') as f:
        f.write('hs\n'+''.join(c+'\n' for c in codes))
    print(name,len(codes),'dropped',bad)
for name,fn in (('china_mar10_10pct','china-10-percent-030425.csv'),('china_mar10_15pct','china-15-percent-030425.csv')):
    codes=[];bad=[]
    for r in csv.reader(open(T+'tariff-lists/'+fn,encoding='utf-8-sig')):
        c=norm(r[1],8)
        if c is None: continue
        (codes if c[:6] in hs6 else bad).append(c)
    with open(O+'lists/'+name+'.csv','w') as f:
        f.write('hs\n'+''.join(c+'\n' for c in codes))
    print(name,len(codes),'dropped',bad)
# autos split into vehicles (Apr 3) and parts (May 3); Brazil EO 14323 exemptions (Annex I of the EO)
autos=[l.strip() for l in open(O+'lists/autos.csv') if l.strip().isdigit()]
for name,sel in (('autos_vehicles',lambda c:c[:4] in ('8703','8704')),('autos_parts',lambda c:c[:4] not in ('8703','8704'))):
    with open(O+'lists/'+name+'.csv','w') as f: f.write('hs\n'+''.join(c+'\n' for c in autos if sel(c)))
os.remove(O+'lists/autos.csv')
codes=[]
for fn in ('brazil-airplane-exemptions.csv','brazil-non-airplane-exemptions.csv'):
    for r in csv.reader(open(T+'tariff-lists/'+fn,encoding='utf-8-sig')):
        c=norm(r[0])
        if c and c[:6] in hs6: codes.append(c)
        elif c: print('brazil dropped',c)
with open(O+'lists/brazil_exempt.csv','w') as f: f.write('hs\n'+''.join(c+'\n' for c in codes))
print('brazil',len(codes))
# Canada's counter-tariff lists (Department of Finance, 2025-03-04 and 2025-03-13), Canadian tariff
# codes (8 digits): kept at their HS6 so that they match the weights below
for name,fn in (('canada_mar04','canada-march-list.csv'),('canada_mar13','canada-steel-list.csv')):
    codes=[];bad=[]
    for r in csv.reader(open(T+'tariff-lists/'+fn,encoding='utf-8-sig')):
        c=norm(r[0])
        if c is None: continue
        c=c[:6]
        (codes if c in hs6 else bad).append(c)
    codes=sorted(set(codes))
    with open(O+'lists/'+name+'.csv','w') as f: f.write('hs\n'+''.join(c+'\n' for c in codes))
    print(name,len(codes),'dropped',sorted(set(bad)))
# Proxy weights for Canada's imports from the US: the HS10 mix of US imports from Canada in 2024
# (mirror flows; no Canadian import data by product are in ../shared). An assumption, stated in
# PROVENANCE.md and in the scenario's comments.
with open(O+'canada_imports_from_usa_proxy.csv','w',newline='') as f:
    w=csv.writer(f,lineterminator='\n'); w.writerow(['exporter','hs10','value'])
    for r in csv.DictReader(open(S+'hs_trade_2024/us_imports_2024_hs10_by_partner.csv')):
        if r['cty_code']=='1220': w.writerow(['USA',r['hs10'],r['imports_usd']])
# the steel and aluminium part of the March 13 list (chapters 72, 73, 76), kept after 2025-09-01
codes=[l.strip() for l in open(O+'lists/canada_mar13.csv') if l.strip()[:2] in ('72','73','76')]
with open(O+'lists/canada_mar13_metals.csv','w') as f: f.write('hs\n'+''.join(c+'\n' for c in codes))
