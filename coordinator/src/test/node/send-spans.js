// An agent instrumented with the OpenTelemetry JS SDK, as NodeExporterTest drives it: for each
// turn Stampede would have sent (its traceparent made from SEED, user, conversation, turn), an
// agent span with an LLM call inside and a tool call inside that, exported to STAMPEDE_OTLP by
// the SDK's own OTLP/HTTP exporter in the ENCODING asked (json: exporter-trace-otlp-http,
// protobuf: exporter-trace-otlp-proto). Prints one line of JSON: what it sent.
'use strict';
const { trace, context, SpanKind, SpanStatusCode, TraceFlags } = require('@opentelemetry/api');
const { TracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace');

const endpoint = process.env.STAMPEDE_OTLP;        // e.g. http://127.0.0.1:4318
const seed = process.env.SEED;                     // 16 hex digits
const users = Number(process.env.USERS || 5);
const encoding = process.env.ENCODING || 'json';
const { OTLPTraceExporter } = encoding === 'protobuf'
  ? require('@opentelemetry/exporter-trace-otlp-proto')
  : require('@opentelemetry/exporter-trace-otlp-http');

const hex = (n, digits) => n.toString(16).padStart(digits, '0');
const at = (ms) => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

async function main() {
  const exporter = new OTLPTraceExporter({ url: endpoint + '/v1/traces' });
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter, maxExportBatchSize: 512 })] });
  const tracer = provider.getTracer('node-agent');
  let spans = 0;
  const t0 = Date.now();
  for (let user = 0; user < users; user++) {
    for (let turn = 1; turn <= 2; turn++) {
      const traceId = seed + hex(user, 8) + hex(1, 4) + hex(turn, 4);
      const caller = trace.setSpanContext(context.active(), {
        traceId, spanId: hex(user * 10 + turn, 16), traceFlags: TraceFlags.SAMPLED, isRemote: true });
      const start = t0 + user * 10;
      const agent = tracer.startSpan('invoke_agent node-agent', { kind: SpanKind.INTERNAL, startTime: at(start),
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'node-agent' } }, caller);
      const inAgent = trace.setSpan(caller, agent);
      const llm = tracer.startSpan('chat gpt-node', { kind: SpanKind.CLIENT, startTime: at(start + 1),
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-node',
          'gen_ai.usage.input_tokens': 30, 'gen_ai.usage.output_tokens': 12 } }, inAgent);
      const tool = tracer.startSpan('execute_tool search', { startTime: at(start + 2),
        attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' } }, trace.setSpan(inAgent, llm));
      if (turn === 2) {
        tool.setStatus({ code: SpanStatusCode.ERROR, message: 'search failed' });
      }
      tool.end(at(start + 32));     // 30 ms
      llm.end(at(start + 81));      // 80 ms
      agent.end(at(start + 100));   // 100 ms
      spans += 3;
    }
  }
  await provider.forceFlush();
  await provider.shutdown();
  console.log(JSON.stringify({ encoding, spans }));
}

main().catch((e) => { console.error(e); process.exit(1); });
