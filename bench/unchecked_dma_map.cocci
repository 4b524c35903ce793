// Coccinelle baseline for dma-unchecked-mapping (core v2 comparison): a
// streaming map result (dma_map_single/page/resource, skb_frag_dma_map and
// their _attrs forms) that can reach the end of the function without a
// dma_mapping_error() test in that function.
@r exists@
expression E, d, d2;
expression list args;
position p;
identifier f = {dma_map_single, dma_map_single_attrs, dma_map_page,
		dma_map_page_attrs, dma_map_resource, skb_frag_dma_map};
@@
E = f@p(d, args);
... when != dma_mapping_error(d2, E)

@script:python@
p << r.p;
fn << r.f;
@@
print("%s:%s: %s() result not checked" % (p[0].file, p[0].line, fn))
