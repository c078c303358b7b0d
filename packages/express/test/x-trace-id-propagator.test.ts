import { defaultTextMapGetter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { classifyTraceIdHeader } from '../src/trace-id-header.js';
import { XTraceIdPropagator } from '../src/x-trace-id-propagator.js';

const extract = (headers: Record<string, string>) => {
  const afterW3c = new W3CTraceContextPropagator().extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  return trace.getSpanContext(new XTraceIdPropagator().extract(afterW3c, headers, defaultTextMapGetter));
};

describe('classifyTraceIdHeader', () => {
  it('tells W3C trace ids, correlation ids and refused values apart', () => {
    expect(classifyTraceIdHeader(undefined)).toEqual({ kind: 'absent' });
    expect(classifyTraceIdHeader('4BF92F3577B34DA6A3CE929D0E0E4736')).toEqual({
      kind: 'w3c',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      value: '4BF92F3577B34DA6A3CE929D0E0E4736',
    });
    expect(classifyTraceIdHeader('order-7781-abc')).toEqual({ kind: 'correlation', value: 'order-7781-abc' });
    expect(classifyTraceIdHeader('0'.repeat(32)).kind).toBe('correlation');
    expect(classifyTraceIdHeader('4bf92f3577b34da6a3ce929d0e0e473').kind).toBe('correlation');
    expect(classifyTraceIdHeader('has space').kind).toBe('rejected');
    expect(classifyTraceIdHeader(['a', 'b'])).toEqual({ kind: 'rejected', value: 'a,b', secret: false });
    expect(classifyTraceIdHeader('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl')).toMatchObject({
      kind: 'rejected',
      secret: true,
    });
  });
});

describe('XTraceIdPropagator', () => {
  it('makes a W3C X-Trace-Id the remote, sampled parent of the server span', () => {
    const parent = extract({ 'x-trace-id': '4BF92F3577B34DA6A3CE929D0E0E4736' });
    expect(parent).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', traceFlags: 1, isRemote: true });
    expect(parent?.spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('leaves a traceparent in charge, and ignores any other X-Trace-Id', () => {
    const parent = extract({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'x-trace-id': '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(parent).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' });
    expect(extract({ 'x-trace-id': 'order-7781-abc' })).toBeUndefined();
    expect(extract({})).toBeUndefined();
  });

  it('injects nothing and names its header', () => {
    const carrier: Record<string, string> = {};
    new XTraceIdPropagator().inject();
    expect(carrier).toEqual({});
    expect(new XTraceIdPropagator().fields()).toEqual(['x-trace-id']);
  });
});
