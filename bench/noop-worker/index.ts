/**
 * The floor for bench/load.ts: what wrangler dev on this machine serves when the Worker does
 * nothing but read the body and answer like the ingest route. The real pipeline's request rate
 * is reported as a share of this one's, measured in the same run with the same client.
 */
const ACK = JSON.stringify({ ok: true, duplicate: false, live: false });

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method === 'POST') await request.arrayBuffer();
    return new Response(ACK, { headers: { 'content-type': 'application/json' } });
  },
};
