import { describe, expect, it } from 'vitest'
import { allLimitIds, LIMITS, NOT_ENFORCED_BY_VALIDATORS, usedLimitIds } from './limits.ts'

describe('block-kit-limits.json coverage', () => {
  it('every limit in the file is enforced or has a stated reason', () => {
    const accounted = new Set([...usedLimitIds(), ...Object.keys(NOT_ENFORCED_BY_VALIDATORS)])
    expect(allLimitIds().filter((id) => !accounted.has(id))).toEqual([])
  })

  it('reads the documented numbers', () => {
    expect(LIMITS.modalTitle.max).toBe(24)
    expect(LIMITS.messageBlocks.max).toBe(50)
    expect(LIMITS.viewBlocks.max).toBe(100)
    expect(LIMITS.optionValue.max).toBe(150)
    expect(LIMITS.responseUrlMaxUses).toBe(5)
  })
})
