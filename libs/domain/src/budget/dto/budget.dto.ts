import { ApiProperty } from '@nestjs/swagger';

export class BudgetAccountView {
  @ApiProperty({ example: 'AI_PROCESSING' })
  code: string;

  @ApiProperty({ enum: ['CATEGORY', 'SPECIAL'] })
  scope: 'CATEGORY' | 'SPECIAL';

  @ApiProperty({ example: 900, nullable: true, description: 'Vouchers in the category' })
  slots: number | null;

  @ApiProperty({ example: 12, description: 'Seats taken by reservations' })
  selected: number;

  @ApiProperty({ example: 63_000_000_000 })
  limitKrw: number;

  @ApiProperty({ example: 840_000_000 })
  reservedKrw: number;

  @ApiProperty({ example: 0 })
  disbursedKrw: number;

  @ApiProperty({ example: 62_160_000_000 })
  availableKrw: number;
}

export class BudgetView {
  @ApiProperty({ format: 'uuid' })
  programId: string;

  @ApiProperty({ example: 123_000_000_000 })
  poolKrw: number;

  @ApiProperty({ example: 840_000_000, description: 'Outstanding reservations' })
  reservedKrw: number;

  @ApiProperty({ example: 0, description: 'Paid to suppliers, net of recoveries' })
  disbursedKrw: number;

  @ApiProperty({ example: 122_160_000_000 })
  availableKrw: number;

  @ApiProperty({ type: [BudgetAccountView] })
  accounts: BudgetAccountView[];
}

export class ReconciliationLine {
  @ApiProperty({ example: 'POOL' })
  code: string;

  @ApiProperty({ example: { reservedKrw: 0, disbursedKrw: 0, seatsUsed: 0 } })
  recorded: { reservedKrw: number; disbursedKrw: number; seatsUsed: number };

  @ApiProperty({ example: { reservedKrw: 0, disbursedKrw: 0, seatsUsed: 0 } })
  fromLedger: { reservedKrw: number; disbursedKrw: number; seatsUsed: number };

  @ApiProperty()
  matches: boolean;
}

export class ReconciliationView {
  @ApiProperty({ format: 'uuid' })
  programId: string;

  @ApiProperty({ description: 'true when every account equals the ledger replayed' })
  consistent: boolean;

  @ApiProperty({ example: 0 })
  ledgerEntries: number;

  @ApiProperty({ type: [ReconciliationLine] })
  lines: ReconciliationLine[];
}
