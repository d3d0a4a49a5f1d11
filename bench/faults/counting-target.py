#!/usr/bin/env python3
"""A small HTTP target for fault tests: answers every POST /chat after --delay-ms with a JSON reply,
and logs every request as one JSON line: arrival time (ms), source address, user, conversation and
turn (from the W3C traceparent Stampede sends: user index, conversation number and turn are bytes
8-11, 12-13 and 14-15 of the trace id) and the conversation id of the body.

  python3 counting-target.py --host 127.0.0.1 --port 28090 --log requests.jsonl [--delay-ms 50]

Standard library only. GET /count answers how many requests were logged."""
import argparse
import asyncio
import json
import time


def parse_traceparent(value):
    try:
        trace_id = value.split('-')[1]
        return int(trace_id[16:24], 16), int(trace_id[24:28], 16), int(trace_id[28:32], 16)
    except (IndexError, ValueError, AttributeError):
        return None, None, None


async def handle(reader, writer, args, log, counter):
    peer = writer.get_extra_info('peername')[0]
    try:
        while True:
            head = await reader.readuntil(b'\r\n\r\n')
            lines = head.decode('latin-1').split('\r\n')
            method, path = lines[0].split(' ')[:2]
            headers = {}
            for line in lines[1:]:
                if ':' in line:
                    k, v = line.split(':', 1)
                    headers[k.strip().lower()] = v.strip()
            length = int(headers.get('content-length', '0'))
            body = await reader.readexactly(length) if length else b''
            arrived = time.time() * 1000
            if method == 'GET' and path.startswith('/count'):
                payload = json.dumps({'requests': counter[0]}).encode()
            else:
                user, conversation, turn = parse_traceparent(headers.get('traceparent'))
                try:
                    conversation_id = json.loads(body or b'{}').get('conversation_id')
                except ValueError:
                    conversation_id = None
                counter[0] += 1
                log.write(json.dumps({'at_ms': round(arrived, 1), 'source': peer, 'user': user,
                                      'conversation': conversation, 'turn': turn,
                                      'conversation_id': conversation_id}) + '\n')
                log.flush()
                await asyncio.sleep(args.delay_ms / 1000)
                payload = json.dumps({'reply': 'ok', 'intent': 'refund', 'tools_called': []}).encode()
            writer.write(b'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: '
                         + str(len(payload)).encode() + b'\r\n\r\n' + payload)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=28090)
    parser.add_argument('--log', required=True)
    parser.add_argument('--delay-ms', type=float, default=50)
    args = parser.parse_args()
    counter = [0]
    with open(args.log, 'a', buffering=1) as log:
        server = await asyncio.start_server(lambda r, w: handle(r, w, args, log, counter), args.host, args.port,
                                            backlog=4096)
        async with server:
            await server.serve_forever()


if __name__ == '__main__':
    asyncio.run(main())
