import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { Actor, csvSafeCell, DomainError, Page, Role } from '@app/common';
import { hydrate, toKrw } from '@app/database';
import { ProgramService } from '../program/program.service';
import type { Track } from '../shared/reference-data';
import {
  agreementState,
  clientPaymentKey,
  deliveryState,
  netPaidKrw,
  PaymentKind,
  paymentReason,
} from './award-progress.policy';
import { toAwardView } from './award.service';
import {
  AwardFilterDto,
  AwardListItem,
  AwardQueryDto,
  PaymentHistoryView,
} from './dto/award-query.dto';
import { AwardEntity } from './selection.entity';

const isStaff = (actor: Actor) => actor.role === Role.OFFICER || actor.role === Role.ADMIN;

/** Formula-looking cells would run in a spreadsheet: quote them (CSV injection). */

/** An award row with the names of its application, company and supplier. */
const LIST_FROM = `
  FROM awards w
  JOIN applications a ON a.id = w.application_id
  JOIN companies c ON c.id = a.company_id
  JOIN suppliers s ON s.id = a.supplier_id`;

/** Program, category, track, rank, then id: the same page for the same data, every time. */
const LIST_ORDER = `ORDER BY w.program_id, w.category COLLATE "C", w.track COLLATE "C", w.rank, w.application_id`;

interface ListRow extends Record<string, unknown> {
  title: string;
  company_id: string;
  company_name: string;
  supplier_id: string;
  supplier_name: string;
}

/**
 * Reads about awards that span many of them or the ledger: a program's award list for
 * officers (and its CSV), and one award's payment history for its parties. The changes
 * stay in AwardService.
 */
@Injectable()
export class AwardQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programs: ProgramService,
  ) {}

  async list(programId: string, query: AwardQueryDto): Promise<Page<AwardListItem>> {
    await this.programs.get(programId);
    return this.page(this.where(['w.program_id = ?'], [programId], query), query);
  }

  /**
   * The caller's own awards across programs: a supplier's (naming one of the suppliers it
   * owns) or an applicant's (of its applications), filtered and paged like a program's list,
   * with what was paid and what may still be paid on each.
   */
  async mine(actor: Actor, query: AwardQueryDto): Promise<Page<AwardListItem>> {
    const owner = actor.role === Role.SUPPLIER ? 's.owner_user_id = ?' : 'a.applicant_user_id = ?';
    return this.page(this.where([owner], [actor.userId], query), query);
  }

  private async page(
    { where, params }: { where: string; params: unknown[] },
    query: AwardQueryDto,
  ): Promise<Page<AwardListItem>> {
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total ${LIST_FROM} WHERE ${where}`,
      params,
    );
    const rows: ListRow[] = await this.dataSource.query(
      `SELECT w.*, a.title, a.company_id, c.name AS company_name, a.supplier_id, s.name AS supplier_name
         ${LIST_FROM} WHERE ${where} ${LIST_ORDER}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    const now = new Date();
    return {
      items: rows.map((r) => this.toItem(r, now)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /**
   * The same list, filtered alike, unpaged, as CSV (UTF-8 with BOM so that Excel shows Korean
   * text). Bounded like the other exports: a program's awards are at most its applications.
   */
  async csv(programId: string, filter: AwardFilterDto): Promise<string> {
    await this.programs.get(programId);
    const { where, params } = this.where(['w.program_id = ?'], [programId], filter);
    const rows: ListRow[] = await this.dataSource.query(
      `SELECT w.*, a.title, a.company_id, c.name AS company_name, a.supplier_id, s.name AS supplier_name
         ${LIST_FROM} WHERE ${where} ${LIST_ORDER}`,
      params,
    );
    const now = new Date();
    return stringify(
      rows.map((r) => this.toItem(r, now)),
      {
        bom: true,
        header: true,
        columns: [
          { key: 'applicationId', header: 'application_id' },
          { key: 'title', header: 'title' },
          { key: 'companyName', header: 'company' },
          { key: 'supplierId', header: 'supplier_id' },
          { key: 'supplierName', header: 'supplier' },
          { key: 'category', header: 'category' },
          { key: 'track', header: 'track' },
          { key: 'accountCode', header: 'account_code' },
          { key: 'status', header: 'status' },
          { key: 'grantKrw', header: 'grant_krw' },
          { key: 'paidKrw', header: 'paid_krw' },
          { key: 'recoveredKrw', header: 'recovered_krw' },
          { key: 'netPaidKrw', header: 'net_paid_krw' },
          { key: 'agreementState', header: 'agreement_state' },
          { key: 'agreementDueAt', header: 'agreement_due_at' },
          { key: 'deliveryState', header: 'delivery_state' },
          { key: 'deliveryApprovedAt', header: 'delivery_approved_at' },
          { key: 'waitlistPosition', header: 'waitlist_position' },
          { key: 'quotaCode', header: 'quota_code' },
          { key: 'cancelReason', header: 'cancel_reason' },
        ],
        cast: { date: (d) => d.toISOString(), string: csvSafeCell },
      },
    );
  }

  /**
   * Every disbursement and recovery of an award, oldest first, with the totals of its award
   * row, read in one snapshot so that they always agree. For staff, the applicant who owns the
   * application and the owner of the supplier named in it; anyone else gets 404.
   */
  async payments(applicationId: string, actor: Actor): Promise<PaymentHistoryView> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const [award]: Array<Record<string, string>> = await tx.query(
        `SELECT w.program_id, w.grant_krw::text AS grant, w.paid_krw::text AS paid,
                w.recovered_krw::text AS recovered, a.applicant_user_id, s.owner_user_id
           FROM awards w
           JOIN applications a ON a.id = w.application_id
           JOIN suppliers s ON s.id = a.supplier_id
          WHERE w.application_id = $1`,
        [applicationId],
      );
      const mine =
        award &&
        (isStaff(actor) ||
          (actor.role === Role.APPLICANT && award.applicant_user_id === actor.userId) ||
          (actor.role === Role.SUPPLIER && award.owner_user_id === actor.userId));
      if (!mine) throw DomainError.notFound('Award', applicationId);
      const lines: Array<{
        id: string;
        kind: PaymentKind;
        amount: string;
        idempotency_key: string | null;
        reason: string;
        created_at: Date;
        actor_id: string | null;
        display_name: string | null;
        role: string | null;
      }> = await tx.query(
        `SELECT l.id::text AS id, l.kind, l.amount_krw::text AS amount, l.idempotency_key, l.reason,
                l.created_at, l.actor_id, u.display_name, u.role
           FROM budget_ledger l LEFT JOIN users u ON u.id = l.actor_id
          WHERE l.program_id = $1 AND l.application_id = $2 AND l.kind IN ('DISBURSE', 'RECOVER')
          ORDER BY l.id`,
        [award.program_id, applicationId],
      );
      const paidKrw = toKrw(award.paid);
      const recoveredKrw = toKrw(award.recovered);
      return {
        applicationId,
        grantKrw: toKrw(award.grant),
        paidKrw,
        recoveredKrw,
        netPaidKrw: netPaidKrw({ paidKrw, recoveredKrw }),
        items: lines.map((l) => ({
          id: toKrw(l.id),
          kind: l.kind,
          amountKrw: toKrw(l.amount),
          at: l.created_at,
          actor: l.actor_id
            ? {
                id: isStaff(actor) ? l.actor_id : null,
                displayName: l.display_name ?? '',
                role: l.role ?? '',
              }
            : null,
          idempotencyKey: clientPaymentKey(applicationId, l.idempotency_key),
          reason: paymentReason(l.kind, l.reason),
        })),
      };
    });
  }

  /** `scope` (clauses with one `?` each, for the `values` in turn) and the filters, numbered. */
  private where(
    scope: string[],
    values: unknown[],
    f: AwardFilterDto,
  ): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const clauses: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      clauses.push(sql.replace('?', `$${params.length}`));
    };
    scope.forEach((sql, i) => add(sql, values[i]));
    if (f.status) add('w.status = ?', f.status);
    if (f.category) add('w.category = ?', f.category);
    if (f.supplierId) add('a.supplier_id = ?', f.supplierId);
    return { where: clauses.join(' AND '), params };
  }

  private toItem(row: ListRow, now: Date): AwardListItem {
    const award = hydrate(this.dataSource.manager, AwardEntity, row);
    return {
      ...toAwardView(award),
      title: row.title,
      track: award.track as Track,
      companyId: row.company_id,
      companyName: row.company_name,
      supplierId: row.supplier_id,
      supplierName: row.supplier_name,
      agreementState: agreementState(award, now),
      deliveryState: deliveryState(award),
    };
  }
}
