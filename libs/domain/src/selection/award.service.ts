import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, Role } from '@app/common';
import { inTransaction, runTogether, SqlStatement } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { BudgetService } from '../budget/budget.service';
import { OutboxEvent, OutboxService } from '../outbox/outbox.service';
import { budgetOpen, paymentsOpen } from '../program/program-lifecycle.policy';
import { ProgramEntity } from '../program/program.entity';
import { ProgramService } from '../program/program.service';
import {
  netPaidKrw,
  payableKrw,
  paymentLedgerKey,
  recoveryRefusal,
  RECOVERY_REASON_PREFIX,
} from './award-progress.policy';
import { AwardView } from './dto/award.dto';
import {
  pickPromotion,
  pickSpecialPoolPromotion,
  Promotion,
  WaitingEntry,
} from './promotion.policy';
import { AwardEndedBy, cancelReasonOf, canEndAward, endRefusal } from './award-lifecycle.policy';
import { AwardEntity } from './selection.entity';
import { announcesMove, PositionChange, renumberWaitlist } from './waitlist.policy';

export function toAwardView(a: AwardEntity): AwardView {
  return {
    applicationId: a.applicationId,
    programId: a.programId,
    category: a.category,
    status: a.status,
    accountCode: a.accountCode,
    grantKrw: a.grantKrw,
    paidKrw: a.paidKrw,
    recoveredKrw: a.recoveredKrw,
    netPaidKrw: netPaidKrw(a),
    payableKrw: payableKrw(a),
    waitlistPosition: a.waitlistPosition,
    quotaCode: a.quotaCode,
    reason: a.reason,
    agreementDueAt: a.agreementDueAt,
    signatures: {
      applicant: a.applicantSignedAt,
      supplier: a.supplierSignedAt,
      officer: a.officerSignedAt,
    },
    deliveryReportedAt: a.deliveryReportedAt,
    deliveryApprovedAt: a.deliveryApprovedAt,
    cancelReason: a.cancelReason,
  };
}

interface Parties {
  applicantUserId: string;
  supplierOwnerId: string;
  title: string;
}

const HOLDS_SEAT = ['SELECTED', 'CONTRACTED', 'DELIVERED', 'SETTLED'];

/**
 * After selection: the three-party agreement, cancellation with automatic promotion from the
 * waitlist, delivery, idempotent payment and clawback. Every money step goes through the
 * budget ledger in the same transaction as the status it belongs to.
 */
@Injectable()
export class AwardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programs: ProgramService,
    private readonly budget: BudgetService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async get(applicationId: string, actor: Actor): Promise<AwardView> {
    return toAwardView(await this.visible(this.dataSource.manager, applicationId, actor, false));
  }

  /** Each party signs once; the third signature makes the award CONTRACTED. */
  async sign(applicationId: string, actor: Actor): Promise<AwardView> {
    return inTransaction(this.dataSource, async (tx) => {
      const award = await this.visible(tx, applicationId, actor, true);
      if (award.status !== 'SELECTED') {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `Only a SELECTED award can be signed; this one is ${award.status}`,
          {
            status: award.status,
          },
        );
      }
      if (award.agreementDueAt && award.agreementDueAt.getTime() < Date.now()) {
        throw new DomainError(
          'AGREEMENT_OVERDUE',
          `The agreement was due ${award.agreementDueAt.toISOString()}`,
        );
      }
      const field =
        actor.role === Role.APPLICANT
          ? 'applicantSignedAt'
          : actor.role === Role.SUPPLIER
            ? 'supplierSignedAt'
            : 'officerSignedAt';
      if (award[field]) throw new DomainError('CONFLICT', 'You have already signed this agreement');
      award[field] = new Date();
      const complete = award.applicantSignedAt && award.supplierSignedAt && award.officerSignedAt;
      if (complete) {
        award.status = 'CONTRACTED';
        await this.setApplicationStatus(tx, applicationId, 'CONTRACTED');
      }
      await tx.save(award);
      await this.audit.record(tx, {
        entity: 'award',
        entityId: applicationId,
        action: complete ? 'award.contracted' : 'award.signed',
        actor,
        after: { signedBy: actor.role, status: award.status },
      });
      return toAwardView(award);
    });
  }

  async reportDelivery(applicationId: string, actor: Actor): Promise<AwardView> {
    return this.step(applicationId, actor, 'CONTRACTED', 'award.delivery_reported', (a) => {
      if (a.deliveryReportedAt) throw new DomainError('CONFLICT', 'Delivery is already reported');
      a.deliveryReportedAt = new Date();
    });
  }

  async approveDelivery(applicationId: string, actor: Actor): Promise<AwardView> {
    return this.step(applicationId, actor, 'CONTRACTED', 'award.delivered', (a) => {
      if (!a.deliveryReportedAt)
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          'The supplier has not reported delivery yet',
        );
      a.deliveryApprovedAt = new Date();
      a.status = 'DELIVERED';
    });
  }

  private async step(
    applicationId: string,
    actor: Actor,
    from: AwardEntity['status'],
    action: string,
    change: (a: AwardEntity) => void,
  ): Promise<AwardView> {
    return inTransaction(this.dataSource, async (tx) => {
      const award = await this.visible(tx, applicationId, actor, true);
      if (award.status !== from) {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `The award is ${award.status}, not ${from}`,
          { status: award.status },
        );
      }
      change(award);
      await tx.save(award);
      if (award.status !== from) await this.setApplicationStatus(tx, applicationId, award.status);
      await this.audit.record(tx, {
        entity: 'award',
        entityId: applicationId,
        action,
        actor,
        after: toAwardView(award),
      });
      return toAwardView(award);
    });
  }

  /**
   * Pays the supplier after delivery. The Idempotency-Key makes a retried or concurrent request
   * pay once: the award row is locked, and a key already in the ledger returns the award as it is.
   */
  async disburse(
    applicationId: string,
    amountKrw: number,
    final: boolean,
    key: string | undefined,
    actor: Actor,
  ) {
    if (!key) {
      throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'Payments need an Idempotency-Key header', {
        fields: [{ field: 'Idempotency-Key', reasons: ['required for payments'] }],
      });
    }
    return inTransaction(this.dataSource, async (tx) => {
      const award = await this.lock(tx, applicationId);
      const ledgerKey = paymentLedgerKey(applicationId, key);
      const [done] = await tx.query(
        `SELECT amount_krw::text AS amount FROM budget_ledger WHERE program_id = $1 AND idempotency_key = $2`,
        [award.programId, ledgerKey],
      );
      if (done) {
        if (Number(done.amount) !== amountKrw) {
          throw new DomainError(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used for a different payment',
          );
        }
        return { award: toAwardView(award), replayed: true };
      }
      // A plain read: a share lock here, taken after the award lock, could deadlock with a
      // cancellation that locks the program first.
      const program = await tx.findOneByOrFail(ProgramEntity, { id: award.programId });
      if (!paymentsOpen(program.status)) {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `Payments are closed: the program is ${program.status}`,
          {
            status: program.status,
          },
        );
      }
      if (award.status !== 'DELIVERED') {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `Payment needs an approved delivery; the award is ${award.status}`,
          {
            status: award.status,
          },
        );
      }
      const unpaid = payableKrw(award);
      if (amountKrw > unpaid) {
        throw new DomainError('BUDGET_EXCEEDED', `Only ${unpaid} KRW of the grant is unpaid`, {
          unpaidKrw: unpaid,
          requestedKrw: amountKrw,
        });
      }
      const parties = await this.parties(tx, applicationId);
      await this.budget.apply(tx, {
        programId: award.programId,
        accountCode: award.accountCode!,
        kind: 'DISBURSE',
        amountKrw,
        applicationId,
        idempotencyKey: ledgerKey,
        reason: `payment to the supplier for "${parties.title}"`,
        actor,
      });
      award.paidKrw += amountKrw;
      const rest = award.grantKrw - award.paidKrw;
      if (rest === 0 || final) {
        if (rest > 0) {
          await this.budget.apply(tx, {
            programId: award.programId,
            accountCode: award.accountCode!,
            kind: 'RELEASE',
            amountKrw: rest,
            applicationId,
            reason: 'settled below the grant: the unpaid rest goes back to the pool',
            actor,
          });
        }
        award.status = 'SETTLED';
        await this.setApplicationStatus(tx, applicationId, 'SETTLED');
      }
      await tx.save(award);
      await this.audit.record(tx, {
        entity: 'award',
        entityId: applicationId,
        action: 'award.paid',
        actor,
        after: { amountKrw, paidKrw: award.paidKrw, status: award.status },
      });
      await this.outbox.emit(tx, {
        type: 'payment.disbursed',
        aggregateType: 'application',
        aggregateId: applicationId,
        payload: {
          applicationId,
          title: parties.title,
          amountKrw,
          recipients: [parties.supplierOwnerId, parties.applicantUserId],
        },
        requestId: actor.requestId,
      });
      return { award: toAwardView(award), replayed: false };
    });
  }

  /** Claws back money already paid (rebates, sanctions): it returns to the pool. */
  async recover(
    applicationId: string,
    amountKrw: number,
    reason: string,
    actor: Actor,
  ): Promise<AwardView> {
    return inTransaction(this.dataSource, async (tx) => {
      const award = await this.lock(tx, applicationId);
      if (!award.accountCode)
        throw new DomainError('INVALID_STATE_TRANSITION', 'Nothing was paid for this application');
      const refusal = recoveryRefusal(award, amountKrw);
      if (refusal) {
        throw new DomainError('BUDGET_INVALID_OPERATION', refusal, {
          paidKrw: award.paidKrw,
          recoveredKrw: award.recoveredKrw,
        });
      }
      await this.budget.apply(tx, {
        programId: award.programId,
        accountCode: award.accountCode,
        kind: 'RECOVER',
        amountKrw,
        applicationId,
        reason: `${RECOVERY_REASON_PREFIX}${reason}`,
        actor,
      });
      award.recoveredKrw += amountKrw;
      await tx.save(award);
      await this.audit.record(tx, {
        entity: 'award',
        entityId: applicationId,
        action: 'award.recovered',
        actor,
        after: { amountKrw, reason, recoveredKrw: award.recoveredKrw },
      });
      return toAwardView(award);
    });
  }

  /**
   * Cancels an award (declined, deadline missed, sanction): releases what it still holds and,
   * in the same transaction, promotes the next in line of its category; the company and its
   * supplier are told why (award.cancelled). The program row lock
   * serializes cancellations of one program, so two never promote onto the same seat.
   */
  async cancel(
    applicationId: string,
    reason: string,
    actor: Actor | null,
    sanction = false,
  ): Promise<{ cancelled: AwardView; promoted: AwardView | null }> {
    const { award, promoted } = await this.end(
      applicationId,
      sanction ? 'SANCTION' : 'OFFICER',
      reason,
      actor,
    );
    return { cancelled: toAwardView(award), promoted: promoted && toAwardView(promoted) };
  }

  /**
   * The applicant declines its own SELECTED award (before the agreement is concluded): exactly
   * what an officer's cancellation does to the money and the waitlist (the reservation
   * released, the next in line promoted, notified), with the applicant as the actor, and the
   * supplier and officers told. Someone else's award is 404; a second decline is a 409. The
   * answer is the declined award only: who moved up is another company's business.
   */
  async decline(applicationId: string, reason: string, actor: Actor): Promise<AwardView> {
    return toAwardView((await this.end(applicationId, 'APPLICANT', reason, actor)).award);
  }

  private end(
    applicationId: string,
    by: AwardEndedBy,
    reason: string,
    actor: Actor | null,
  ): Promise<{ award: AwardEntity; promoted: AwardEntity | null }> {
    return inTransaction(this.dataSource, async (tx) => {
      // Read without a lock to find the program (and, for an applicant, the owner): the
      // program lock comes first, as in every path that changes awards.
      const found =
        by === 'APPLICANT'
          ? await this.visible(tx, applicationId, actor!, false)
          : await this.lockAward(tx, applicationId, false);
      const program = await this.programs.lock(tx, found.programId);
      if (!budgetOpen(program.status)) {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `Awards of a ${program.status} program can no longer be ${by === 'APPLICANT' ? 'declined' : 'cancelled'}`,
          {
            status: program.status,
          },
        );
      }
      const award = await this.lock(tx, applicationId);
      if (!canEndAward(award.status, by, award.paidKrw)) {
        throw new DomainError('INVALID_STATE_TRANSITION', endRefusal(award.status, by), {
          status: award.status,
          ...(award.status === 'CANCELLED' ? { cancelReason: award.cancelReason } : {}),
        });
      }
      const cancelReason = cancelReasonOf(by, reason);
      const held = await this.budget.applicationBalance(tx, award.programId, applicationId);
      if (held.reservedKrw > 0 || held.seats > 0) {
        await this.budget.apply(tx, {
          programId: award.programId,
          accountCode: award.accountCode!,
          kind: 'RELEASE',
          amountKrw: held.reservedKrw,
          seatDelta: held.seats > 0 ? -1 : 0,
          applicationId,
          reason: `cancelled: ${cancelReason}`,
          actor,
        });
      }
      const previous = award.status;
      award.status = 'CANCELLED';
      award.cancelledAt = new Date();
      award.cancelReason = cancelReason;
      await tx.save(award);
      await this.setApplicationStatus(tx, applicationId, 'CANCELLED');
      await this.audit.record(tx, {
        entity: 'award',
        entityId: applicationId,
        action: by === 'APPLICANT' ? 'award.declined' : 'award.cancelled',
        actor,
        before: { status: previous },
        after: { status: 'CANCELLED', reason: cancelReason, releasedKrw: held.reservedKrw },
      });
      // The company and its supplier are told either way: by the applicant (declined, officers
      // told too) or by an officer, a sanction or a missed deadline (cancelled, with the reason).
      const parties = await this.parties(tx, applicationId);
      await this.outbox.emit(tx, {
        type: by === 'APPLICANT' ? 'award.declined' : 'award.cancelled',
        aggregateType: 'application',
        aggregateId: applicationId,
        payload: {
          applicationId,
          programId: program.id,
          title: parties.title,
          category: award.category,
          amountKrw: held.reservedKrw,
          reason: by === 'APPLICANT' ? reason : cancelReason,
          recipients: [parties.applicantUserId, parties.supplierOwnerId],
        },
        requestId: actor?.requestId ?? null,
      });
      const promoted = await this.promote(tx, program, award.accountCode!, actor);
      return { award, promoted };
    });
  }

  /**
   * A supplier's designation was cancelled: every award of it that is not paid yet is cancelled
   * (released and the next in line promoted). Paid ones stay for the officer's clawback order.
   * Idempotent: run again, it finds nothing left to cancel.
   */
  async cancelForSupplier(supplierId: string, reason: string): Promise<number> {
    const open: Array<{ application_id: string }> = await this.dataSource.query(
      `SELECT w.application_id FROM awards w JOIN applications a ON a.id = w.application_id
        WHERE a.supplier_id = $1 AND w.status IN ('SELECTED','CONTRACTED','DELIVERED') AND w.paid_krw = 0
        ORDER BY w.application_id`,
      [supplierId],
    );
    for (const { application_id } of open) {
      await this.cancel(
        application_id,
        `supplier designation cancelled: ${reason}`,
        null,
        true,
      ).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
      });
    }
    // Its waiters (flagged) can never be promoted: out of the line, the rest move up.
    const lines: Array<{ program_id: string; categories: string[] }> = await this.dataSource.query(
      `SELECT w.program_id, array_agg(DISTINCT w.category ORDER BY w.category) AS categories
         FROM awards w JOIN applications a ON a.id = w.application_id
        WHERE a.supplier_id = $1 AND a.flagged AND w.status = 'WAITLISTED'
          AND w.waitlist_position IS NOT NULL
        GROUP BY w.program_id ORDER BY w.program_id`,
      [supplierId],
    );
    for (const line of lines) {
      await inTransaction(this.dataSource, async (tx) => {
        await this.programs.lock(tx, line.program_id);
        await this.renumberWaitlist(tx, line.program_id, line.categories, null);
      });
    }
    return open.length;
  }

  /**
   * A waitlisted application withdrawn by its applicant: its award ends (CANCELLED; it never
   * held money) and everyone behind it in its category moves up. Runs in the caller's
   * transaction, which holds the program lock.
   */
  async leaveWaitlist(
    tx: EntityManager,
    applicationId: string,
    reason: string,
    actor: Actor,
  ): Promise<void> {
    const award = await this.lock(tx, applicationId);
    if (award.status !== 'WAITLISTED') return;
    const position = award.waitlistPosition;
    award.status = 'CANCELLED';
    award.cancelledAt = new Date();
    award.cancelReason = reason;
    award.waitlistPosition = null;
    await tx.save(award);
    await this.audit.record(tx, {
      entity: 'award',
      entityId: applicationId,
      action: 'award.left_waitlist',
      actor,
      before: { status: 'WAITLISTED', waitlistPosition: position },
      after: { status: 'CANCELLED', reason },
    });
    await this.renumberWaitlist(tx, award.programId, [award.category], actor);
  }

  /** Cancels every SELECTED award whose agreement deadline has passed (run by the worker). */
  async cancelOverdue(now = new Date()): Promise<number> {
    const overdue: Array<{ application_id: string }> = await this.dataSource.query(
      `SELECT application_id FROM awards WHERE status = 'SELECTED' AND agreement_due_at < $1 ORDER BY agreement_due_at, application_id`,
      [now],
    );
    for (const { application_id } of overdue) {
      await this.cancel(application_id, 'agreement deadline missed', null).catch(
        (error: unknown) => {
          // Signed or cancelled meanwhile: nothing to do for this one.
          if (!(error instanceof DomainError)) throw error;
        },
      );
    }
    return overdue.length;
  }

  /** Who takes the freed seat or money of an account, if anyone. */
  private async choosePromotion(
    tx: EntityManager,
    program: ProgramEntity,
    accountCode: string,
  ): Promise<Promotion | null> {
    const budget = await this.budgetInTx(tx, program.id);
    const account = budget.find((a) => a.code === accountCode);
    const pool = budget.find((a) => a.code === 'POOL')!;
    const category = program.rules.categories.find((c) => c.code === accountCode);
    const special = program.rules.specialPools.find((p) => p.code === accountCode);
    if (!account || (!category && !special)) return null;
    const toEntry = (w: AwardEntity): WaitingEntry => ({
      applicationId: w.applicationId,
      category: w.category,
      track: w.track,
      generalTrackAllowed: w.generalTrackAllowed,
      grantKrw: w.grantKrw,
      baseScore: w.baseScore,
      finalScore: w.finalScore,
      submittedAt: w.submittedAt.toISOString(),
      quotaCodes: w.quotaCodes,
    });
    if (special) {
      const waiting = await tx
        .createQueryBuilder(AwardEntity, 'w')
        .innerJoin('applications', 'a', 'a.id = w.application_id')
        .where("w.program_id = :p AND w.status = 'WAITLISTED' AND w.track = 'SOCIAL_ISSUE'", {
          p: program.id,
        })
        .andWhere('a.social_issue = ANY(:issues)', { issues: special.issues })
        .andWhere('NOT a.flagged')
        .getMany();
      return pickSpecialPoolPromotion(waiting.map(toEntry), {
        code: special.code,
        krw: account.available,
        poolKrw: pool.available,
      });
    }
    // A waiter whose supplier lost its designation (flagged) is never promoted.
    const waiting = await tx
      .createQueryBuilder(AwardEntity, 'w')
      .innerJoin('applications', 'a', 'a.id = w.application_id')
      .where(
        "w.program_id = :p AND w.category = :c AND w.status = 'WAITLISTED' AND NOT a.flagged",
        {
          p: program.id,
          c: accountCode,
        },
      )
      .getMany();
    const holding: Array<{ quota_codes: string[] }> = await tx.query(
      `SELECT quota_codes FROM awards WHERE program_id = $1 AND account_code = $2 AND status = ANY($3)`,
      [program.id, accountCode, HOLDS_SEAT],
    );
    return pickPromotion(waiting.map(toEntry), {
      category: {
        code: accountCode,
        slots: category!.slots,
        seatsLeft: (account.slots ?? 0) - account.seats,
        krw: account.available,
      },
      poolKrw: pool.available,
      quotas: program.rules.quotas.map((q) => ({ code: q.code, share: q.share })),
      heldQuotaCodes: holding.map((h) => h.quota_codes),
    });
  }

  private async promote(
    tx: EntityManager,
    program: ProgramEntity,
    accountCode: string,
    actor: Actor | null,
  ): Promise<AwardEntity | null> {
    const pick = await this.choosePromotion(tx, program, accountCode);
    if (!pick?.promote) return null;
    const award = await this.lock(tx, pick.promote.applicationId);
    await this.budget.apply(tx, {
      programId: program.id,
      accountCode,
      kind: 'RESERVE',
      amountKrw: award.grantKrw,
      seatDelta: 1,
      applicationId: award.applicationId,
      reason: pick.reason,
      actor,
    });
    award.status = 'SELECTED';
    award.accountCode = accountCode;
    award.quotaCode = pick.quotaCode;
    award.waitlistPosition = null;
    award.reason = pick.reason;
    award.agreementDueAt = new Date(Date.now() + program.rules.agreementDeadlineDays * 86_400_000);
    await tx.save(award);
    await this.setApplicationStatus(tx, award.applicationId, 'SELECTED');
    const parties = await this.parties(tx, award.applicationId);
    await this.audit.record(tx, {
      entity: 'award',
      entityId: award.applicationId,
      action: 'award.promoted',
      actor,
      before: { status: 'WAITLISTED' },
      after: { status: 'SELECTED', reason: pick.reason, grantKrw: award.grantKrw, accountCode },
    });
    await this.outbox.emit(tx, {
      type: 'award.promoted',
      aggregateType: 'application',
      aggregateId: award.applicationId,
      payload: {
        applicationId: award.applicationId,
        programId: program.id,
        title: parties.title,
        category: award.category,
        amountKrw: award.grantKrw,
        deadline: award.agreementDueAt.toISOString(),
        reason: pick.reason,
        recipients: [parties.applicantUserId, parties.supplierOwnerId],
      },
      requestId: actor?.requestId ?? null,
    });
    await this.renumberWaitlist(tx, program.id, [award.category], actor);
    return award;
  }

  /**
   * Numbers the waitlists of some categories 1..k again in rank order (waitlist.policy.ts), in
   * the caller's transaction, which holds the program lock (every change to a waitlist takes
   * it). The new positions, one audit entry and a notice to each applicant who moved up near
   * the front are written in one statement. Returns the changes.
   */
  private async renumberWaitlist(
    tx: EntityManager,
    programId: string,
    categories: string[],
    actor: Actor | null,
  ): Promise<PositionChange[]> {
    const rows: Array<{
      application_id: string;
      category: string;
      final: number;
      base: number;
      submitted_at: Date;
      position: number | null;
      flagged: boolean;
      title: string;
      applicant_user_id: string;
    }> = await tx.query(
      `SELECT w.application_id, w.category, w.final_score::float8 AS final, w.base_score::float8 AS base,
              w.submitted_at, w.waitlist_position AS position, a.flagged, a.title, a.applicant_user_id
         FROM awards w JOIN applications a ON a.id = w.application_id
        WHERE w.program_id = $1 AND w.category = ANY($2) AND w.status = 'WAITLISTED'`,
      [programId, categories],
    );
    const changes = renumberWaitlist(
      rows.map((r) => ({
        applicationId: r.application_id,
        category: r.category,
        finalScore: r.final,
        baseScore: r.base,
        submittedAt: r.submitted_at.toISOString(),
        position: r.position,
        inLine: !r.flagged,
      })),
    );
    if (!changes.length) return changes;
    const byId = new Map(rows.map((r) => [r.application_id, r]));
    const update: SqlStatement = {
      sql: `UPDATE awards w SET waitlist_position = r.position, updated_at = CURRENT_TIMESTAMP
              FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, position int)
             WHERE w.application_id = r.id AND w.status = 'WAITLISTED'`,
      params: [JSON.stringify(changes.map((c) => ({ id: c.applicationId, position: c.to })))],
    };
    const audit = this.audit.recordStatement({
      entity: 'program',
      entityId: programId,
      action: 'waitlist.renumbered',
      actor,
      after: {
        categories: [...new Set(changes.map((c) => c.category))],
        moved: changes.filter((c) => c.to !== null).length,
        outOfLine: changes.filter((c) => c.to === null).map((c) => c.applicationId),
      },
    });
    const notices: OutboxEvent[] = changes.filter(announcesMove).map((c) => {
      const row = byId.get(c.applicationId)!;
      return {
        type: 'award.waitlist_moved',
        aggregateType: 'application',
        aggregateId: c.applicationId,
        payload: {
          applicationId: c.applicationId,
          programId,
          title: row.title,
          category: c.category,
          position: c.to,
          previousPosition: c.from,
          recipients: [row.applicant_user_id],
        },
        requestId: actor?.requestId ?? null,
      };
    });
    await runTogether(
      tx,
      update,
      audit,
      ...(notices.length ? [this.outbox.emitStatement(notices)] : []),
    );
    return changes;
  }

  private async budgetInTx(tx: EntityManager, programId: string) {
    const rows: Array<{
      code: string;
      limit: string;
      reserved: string;
      disbursed: string;
      slots: number | null;
      seats: number;
    }> = await tx.query(
      `SELECT code, limit_krw::text AS limit, reserved_krw::text AS reserved, disbursed_krw::text AS disbursed, slots, seats_used AS seats
           FROM budget_accounts WHERE program_id = $1`,
      [programId],
    );
    return rows.map((r) => ({
      code: r.code,
      slots: r.slots,
      seats: r.seats,
      available: Number(r.limit) - Number(r.reserved) - Number(r.disbursed),
    }));
  }

  private async parties(tx: EntityManager, applicationId: string): Promise<Parties> {
    const [row] = await tx.query(
      `SELECT a.applicant_user_id, s.owner_user_id, a.title FROM applications a JOIN suppliers s ON s.id = a.supplier_id WHERE a.id = $1`,
      [applicationId],
    );
    return {
      applicantUserId: row.applicant_user_id,
      supplierOwnerId: row.owner_user_id,
      title: row.title,
    };
  }

  private setApplicationStatus(tx: EntityManager, applicationId: string, status: string) {
    return tx.query(`UPDATE applications SET status = $2, updated_at = now() WHERE id = $1`, [
      applicationId,
      status,
    ]);
  }

  private async lockAward(
    tx: EntityManager,
    applicationId: string,
    forUpdate: boolean,
  ): Promise<AwardEntity> {
    const award = await tx.findOne(AwardEntity, {
      where: { applicationId },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!award) throw DomainError.notFound('Award', applicationId);
    return award;
  }

  private lock(tx: EntityManager, applicationId: string): Promise<AwardEntity> {
    return this.lockAward(tx, applicationId, true);
  }

  /**
   * The award if the actor is one of its parties (the applicant, the supplier's owner) or staff;
   * anyone else gets 404.
   */
  private async visible(
    tx: EntityManager,
    applicationId: string,
    actor: Actor,
    forUpdate: boolean,
  ): Promise<AwardEntity> {
    const award = await this.lockAward(tx, applicationId, forUpdate);
    if (actor.role === Role.OFFICER || actor.role === Role.ADMIN) return award;
    const parties = await this.parties(tx, applicationId);
    const mine =
      (actor.role === Role.APPLICANT && parties.applicantUserId === actor.userId) ||
      (actor.role === Role.SUPPLIER && parties.supplierOwnerId === actor.userId);
    if (!mine) throw DomainError.notFound('Award', applicationId);
    return award;
  }
}
