import { describe, expect, it } from 'vitest';
import { SimulatorStore } from '../../../cw-simulator/store.js';

const storeWith = (): SimulatorStore => {
  const store = new SimulatorStore();
  // Seeds may carry their own ids, out of order.
  store.insert('additions', { agreementId: 2, quantity: 5 }, 30);
  store.insert('additions', { agreementId: 1, quantity: 1 }, 10);
  store.insert('additions', { agreementId: 2, quantity: 9 }, 20);
  store.insert('additions', { agreementId: 1, quantity: 3 });
  return store;
};

describe('SimulatorStore', () => {
  it('selects the matching records in id order', () => {
    const store = storeWith();

    const selected = store.select('additions', (record) => record.agreementId === 2);

    expect(selected.map((record) => [record.id, record.quantity])).toEqual([
      [20, 9],
      [30, 5],
    ]);
    expect(store.list('additions').map((record) => record.id)).toEqual([10, 20, 30, 31]);
  });

  it('finds the lowest-id match, or nothing', () => {
    const store = storeWith();

    expect(store.find('additions', (record) => record.agreementId === 2)?.id).toBe(20);
    expect(store.find('additions', (record) => record.agreementId === 7)).toBeUndefined();
    expect(store.find('boards', () => true)).toBeUndefined();
  });

  it('hands out copies: changing a selected or found record leaves the store as it was', () => {
    const store = storeWith();

    const [selected] = store.select('additions', (record) => record.id === 10);
    const found = store.find('additions', (record) => record.id === 20);
    if (selected === undefined || found === undefined) throw new Error('records missing');
    selected.quantity = 100;
    found.quantity = 200;

    expect(store.get('additions', 10)?.quantity).toBe(1);
    expect(store.get('additions', 20)?.quantity).toBe(9);
  });
});
