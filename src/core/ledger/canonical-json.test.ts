import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from './canonical-json.js';

/** The double whose IEEE 754 bits are `hex` (RFC 8785 Appendix B lists numbers this way). */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalJson against RFC 8785', () => {
  it('canonicalizes the example of section 3.2.2', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalJson(JSON.parse(input))).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units as in section 3.2.3', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    // Compared as text: Object.keys would list the integer-like key "1" first whatever the order.
    expect(canonicalJson(JSON.parse(input))).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('serializes the numbers of Appendix B', () => {
    const table: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, text] of table) expect(canonicalJson(fromBits(bits))).toBe(text);
  });

  it('refuses NaN and the infinities (Appendix B)', () => {
    expect(() => canonicalJson(fromBits('7fffffffffffffff'))).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(fromBits('7ff0000000000000'))).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: [-Infinity] })).toThrow(/\$\.a\[0\]/);
  });
});

describe('canonicalJson on values that are not plain JSON', () => {
  it('refuses lone surrogates in strings and keys', () => {
    expect(() => canonicalJson('\ud800')).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ ['x\udc00']: 1 })).toThrow(CanonicalJsonError);
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
  });

  it('refuses bigint, functions, symbols and non-plain objects', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson([Symbol('s')])).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ m: new Map() })).toThrow(CanonicalJsonError);
  });

  it('leaves out undefined members and writes undefined elements and holes as null, like JSON.stringify', () => {
    const holey: unknown[] = [undefined, 1];
    holey[3] = 2; // index 2 is a hole
    expect(canonicalJson({ b: undefined, a: holey })).toBe('{"a":[null,1,null,2]}');
  });

  it('uses toJSON, so a Date becomes its ISO string', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 2, 15, 1, 2, 3, 4)) })).toBe(
      '{"at":"2026-03-15T01:02:03.004Z"}',
    );
  });

  it('writes null-prototype objects and nested structures without whitespace', () => {
    const o = Object.assign(Object.create(null) as object, { z: { y: [1, 'é'] }, a: null });
    expect(canonicalJson(o)).toBe('{"a":null,"z":{"y":[1,"é"]}}');
  });
});

describe('canonicalJson properties', () => {
  it('is a fixed point of parsing and equals JSON.stringify up to key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('does not depend on the order in which keys were inserted', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
    );
  });
});
