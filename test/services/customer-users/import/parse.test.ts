// Reading the Bulk Add Users CSV and directory exports: headers in any case and order, UTF-8 with or without
// a BOM, quoted fields with commas, quotes and line breaks (rows keep the FILE line they start on), and the
// files refused at once (not UTF-8, empty, a missing column, too many rows).
import { describe, expect, it } from 'vitest'
import {
  formRows,
  parseUsersCsv,
  SAMPLE_CSV,
} from '../../../../src/services/customer-users/import/parse-csv.ts'
import { parseDirectoryExport } from '../../../../src/services/customer-users/import/parse-directory.ts'
import { PARSE_CHUNK_BYTES } from '../../../../src/services/customer-users/import/read-table.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('parseUsersCsv', () => {
  it('matches the header case-insensitively, in any order, "Primary Email" too, other columns ignored', async () => {
    const read = await parseUsersCsv(
      bytes('last name,PRIMARY EMAIL,Notes,first NAME\nWu,li@zylker.example,x,Li\n'),
    )
    expect(read).toEqual({
      ok: true,
      value: [{ line: 2, email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' }],
    })
  })

  it('reads UTF-8 with a BOM and CRLF line ends', async () => {
    const withBom = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...bytes('Email,First Name,Last Name\r\nzoë@x.example,Zoë,Ærø\r\n'),
    ])
    expect(await parseUsersCsv(withBom)).toEqual({
      ok: true,
      value: [{ line: 2, email: 'zoë@x.example', firstName: 'Zoë', lastName: 'Ærø' }],
    })
  })

  it('reads quoted fields with commas, quotes and line breaks, numbering rows by the line they start on', async () => {
    const text = [
      'Email,First Name,Last Name',
      '"a@x.example","Ana","Pérez, Jr."',
      '',
      'b@x.example,"Bo ""The Boss""","Multi',
      'Line"',
      'c@x.example,Cy,Cole',
    ].join('\n')
    const read = await parseUsersCsv(bytes(text))
    expect(read.ok && read.value).toEqual([
      { line: 2, email: 'a@x.example', firstName: 'Ana', lastName: 'Pérez, Jr.' },
      { line: 4, email: 'b@x.example', firstName: 'Bo "The Boss"', lastName: 'Multi\nLine' },
      { line: 6, email: 'c@x.example', firstName: 'Cy', lastName: 'Cole' },
    ])
  })

  it('leaves out rows whose cells are all blank (spreadsheets save trailing ,, rows)', async () => {
    const read = await parseUsersCsv(bytes('Email,First Name,Last Name\n,,\na@x.example,A,B\n , , \n'))
    expect(read.ok && read.value.map((r) => r.line)).toEqual([3])
  })

  it('refuses a file that is not UTF-8', async () => {
    const latin1 = new Uint8Array([
      ...bytes('Email,First Name,Last Name\nz@x.example,Zo'),
      0xeb,
      ...bytes(',W\n'),
    ])
    expect(await parseUsersCsv(latin1)).toEqual({ ok: false, problem: { code: 'import.notUtf8' } })
  })

  it('refuses an empty file, and a header without rows', async () => {
    expect(await parseUsersCsv(bytes(''))).toEqual({ ok: false, problem: { code: 'import.emptyFile' } })
    expect(await parseUsersCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x0a]))).toEqual({
      ok: false,
      problem: { code: 'import.emptyFile' },
    })
    expect(await parseUsersCsv(bytes('Email,First Name,Last Name\n'))).toEqual({
      ok: false,
      problem: { code: 'import.noRows' },
    })
  })

  it('names every missing column', async () => {
    expect(await parseUsersCsv(bytes('Mail,First Name\nx@y.example,X\n'))).toEqual({
      ok: false,
      problem: { code: 'import.missingColumns', columns: ['Email', 'Last Name'] },
    })
  })

  it('refuses 10 001 rows naming the limit, takes 10 000', async () => {
    const file = (n: number) =>
      bytes(
        `Email,First Name,Last Name\n${Array.from({ length: n }, (_, i) => `u${i}@x.example,U,${i}`).join('\n')}\n`,
      )
    expect(await parseUsersCsv(file(10_001))).toEqual({
      ok: false,
      problem: { code: 'import.tooManyRows', limit: 10_000, count: 10_001 },
    })
    const read = await parseUsersCsv(file(10_000))
    expect(read.ok && read.value.length).toBe(10_000)
    expect(read.ok && read.value[9_999]?.line).toBe(10_001)
  })

  it('reads a file larger than one parse chunk: multibyte names and quoted line breaks across chunk edges', async () => {
    const names = ['Zoë', 'Ærø', '李', '🙂 Smile', 'Ñandú']
    const rows = Array.from({ length: 6_000 }, (_, i) => {
      const name = names[i % names.length] ?? ''
      return i % 11 === 0
        ? `u${i}@x.example,"${name}","Two\nLines ${i}"`
        : `u${i}@x.example,${name},Last ${i}`
    })
    const text = `Email,First Name,Last Name\n${rows.join('\n')}\n`
    expect(new TextEncoder().encode(text).length).toBeGreaterThan(PARSE_CHUNK_BYTES * 2)
    const read = await parseUsersCsv(bytes(text))
    if (!read.ok) throw new Error(JSON.stringify(read.problem))
    let line = 2
    read.value.forEach((row, i) => {
      expect(row).toEqual({
        line,
        email: `u${i}@x.example`,
        firstName: names[i % names.length],
        lastName: i % 11 === 0 ? `Two\nLines ${i}` : `Last ${i}`,
      })
      line += i % 11 === 0 ? 2 : 1
    })
  })

  it('refuses a broken quote naming the line', async () => {
    const read = await parseUsersCsv(bytes('Email,First Name,Last Name\na@x.example,"A"x,B\n'))
    expect(read.ok).toBe(false)
    expect(!read.ok && read.problem).toMatchObject({ code: 'import.malformedCsv', line: 2 })
  })

  it('the sample CSV reads back as two good rows', async () => {
    const read = await parseUsersCsv(bytes(SAMPLE_CSV))
    expect(read.ok && read.value.map((r) => [r.line, r.lastName])).toEqual([
      [2, 'Wu'],
      [3, 'Pérez, Jr.'],
    ])
  })
})

describe('formRows', () => {
  it('numbers typed rows as lines 2… under an imagined header and drops blank ones', async () => {
    expect(
      formRows([{ email: 'a@x.example', firstName: 'A', lastName: 'B' }, {}, { email: ' c@x.example ' }]),
    ).toEqual([
      { line: 2, email: 'a@x.example', firstName: 'A', lastName: 'B' },
      { line: 4, email: 'c@x.example', firstName: '', lastName: '' },
    ])
  })
})

describe('parseDirectoryExport', () => {
  it('Microsoft 365 admin center CSV: User principal name, First name, Last name, Object Id', async () => {
    const csv =
      'Display name,First name,Last name,User principal name,Object Id,Licenses\nLi Wu,Li,Wu,li@zylker.example,6f1c…-01,E3\n'
    expect(await parseDirectoryExport(bytes(csv))).toEqual({
      ok: true,
      value: {
        format: 'microsoft-csv',
        rows: [
          { line: 2, email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu', externalId: '6f1c…-01' },
        ],
      },
    })
  })

  it('Google Workspace CSV: Email Address [Required], First/Last Name [Required]; no id', async () => {
    const csv =
      'First Name [Required],Last Name [Required],Email Address [Required],Password [Required]\nAna,Diaz,ana@zylker.example,****\n'
    expect(await parseDirectoryExport(bytes(csv))).toEqual({
      ok: true,
      value: {
        format: 'google-csv',
        rows: [{ line: 2, email: 'ana@zylker.example', firstName: 'Ana', lastName: 'Diaz' }],
      },
    })
  })

  it('Microsoft Graph /users JSON: value[] with id, mail (else userPrincipalName), givenName, surname', async () => {
    const json = JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
      value: [
        {
          id: 'g-1',
          userPrincipalName: 'li@zylker.onmicrosoft.example',
          mail: 'li@zylker.example',
          givenName: 'Li',
          surname: 'Wu',
        },
        { id: 'g-2', userPrincipalName: 'bo@zylker.example', mail: null, givenName: 'Bo', surname: 'Berg' },
      ],
    })
    const read = await parseDirectoryExport(bytes(json))
    expect(read).toEqual({
      ok: true,
      value: {
        format: 'graph-json',
        rows: [
          { line: 1, email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu', externalId: 'g-1' },
          { line: 2, email: 'bo@zylker.example', firstName: 'Bo', lastName: 'Berg', externalId: 'g-2' },
        ],
      },
    })
  })

  it('Google Admin SDK users.list JSON: users[] with id, primaryEmail, name.givenName/familyName', async () => {
    const json = JSON.stringify({
      kind: 'admin#directory#users',
      users: [
        {
          id: '1047',
          primaryEmail: 'ana@zylker.example',
          name: { givenName: 'Ana', familyName: 'Diaz', fullName: 'Ana Diaz' },
        },
      ],
    })
    expect(await parseDirectoryExport(bytes(json))).toEqual({
      ok: true,
      value: {
        format: 'google-json',
        rows: [
          { line: 1, email: 'ana@zylker.example', firstName: 'Ana', lastName: 'Diaz', externalId: '1047' },
        ],
      },
    })
  })

  it('refuses JSON of another shape, broken JSON, and a CSV without the columns', async () => {
    expect(await parseDirectoryExport(bytes('{"people":[]}'))).toEqual({
      ok: false,
      problem: { code: 'import.unknownFormat' },
    })
    expect(await parseDirectoryExport(bytes('{"value": ['))).toMatchObject({
      ok: false,
      problem: { code: 'import.malformedJson' },
    })
    expect(await parseDirectoryExport(bytes('Name,Phone\nLi,1\n'))).toMatchObject({
      ok: false,
      problem: {
        code: 'import.missingColumns',
        columns: ['User principal name (or Email Address)', 'First name', 'Last name'],
      },
    })
  })
})
