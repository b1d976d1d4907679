import { expect, test } from 'vitest';
import { decodeBody } from '../src/decode-body.ts';

test('the charset in Content-Type decides how bytes become letters', () => {
  expect(decodeBody(Buffer.from('Grüße', 'utf8'), 'text/plain; charset=utf-8')).toBe('Grüße');
  expect(decodeBody(Buffer.from('Grüße', 'latin1'), 'text/html; charset="ISO-8859-1"')).toBe('Grüße');
});

test('text and JSON without a charset are read as UTF-8', () => {
  expect(decodeBody(Buffer.from('→ ok', 'utf8'), 'text/plain')).toBe('→ ok');
  expect(decodeBody(Buffer.from('{"a":"é"}', 'utf8'), 'application/json')).toBe('{"a":"é"}');
  expect(decodeBody(Buffer.from('{}', 'utf8'), 'application/problem+json')).toBe('{}');
});

test('bytes that are not text, or in an unknown charset, are not decoded', () => {
  expect(decodeBody(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png')).toBeNull();
  expect(decodeBody(Buffer.from('hi'), 'text/plain; charset=klingon')).toBeNull();
});

test('no Content-Type at all: read as UTF-8 text', () => {
  expect(decodeBody(Buffer.from('plain'), undefined)).toBe('plain');
});
