import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, csvSafeCell, DomainError, Page, Role } from '@app/common';
import {
  hydrate,
  inTransaction,
  isUniqueViolation,
  runGuarded,
  runStatement,
  SqlStatement,
  withRetries,
} from '@app/database';
import { AuditRecord, AuditService } from '../audit/audit.service';
import { CompanyEntity } from '../company/company.entity';
import { CompanyService } from '../company/company.service';
import { AssignmentService } from '../evaluation/assignment.service';
import { AwardService } from '../selection/award.service';
import {
  IdempotencyService,
  IdempotentResult,
  isKeyRace,
  KeyedRequest,
  StoredAnswer,
} from '../idempotency/idempotency.service';
import { OutboxEvent, OutboxService } from '../outbox/outbox.service';
import type { ProgramStatus } from '../program/program-lifecycle.policy';
import type { CompanyType } from '../shared/reference-data';
import type { ProgramRules } from '../program/program-rules.dto';
import { ProgramEntity } from '../program/program.entity';
import { ProgramService } from '../program/program.service';
import { SupplierEntity } from '../supplier/supplier.entity';
import { SupplierService } from '../supplier/supplier.service';
import { ApplicationEntity } from './application.entity';
import {
  canConfirm,
  canSubmit,
  canWithdraw,
  isEditable,
  mayHaveEvaluation,
  OCCUPYING,
} from './application-lifecycle.policy';
import {
  ApplicationQueryDto,
  ApplicationView,
  CreateApplicationDto,
  UpdateApplicationDto,
} from './dto/application.dto';
import { checkEligibility, EligibilityInput } from './eligibility.policy';
import { quoteSupport } from './support.policy';

const isStaff = (actor: Actor) => actor.role === Role.OFFICER || actor.role === Role.ADMIN;

type Row = { entity: ApplicationEntity; companyName: string; supplierName: string };

/** What a submission or confirmation decides on, read in one statement (readForDecision). */
interface Decision {
  app: ApplicationEntity;
  company: EligibilityInput['company'] & { name: string };
  supplier: EligibilityInput['supplier'] & { ownerUserId: string };
  program: EligibilityInput['program'];
  offering: EligibilityInput['offering'];
  otherLiveApplications: number;
  /** The answer stored under the request's Idempotency-Key, if it has one and it was used. */
  stored: StoredAnswer | null;
  /**
   * The row versions (`xmin`) of the rows read, as read: the write goes through only if none
   * of them changed since (writeDecision). No offering: null.
   */
  versions: {
    app: string;
    company: string;
    program: string;
    supplier: string;
    offering: string | null;
  };
}

/** The columns readForDecision selects besides the application's own. */
interface DecisionColumns {
  'a.xmin': string;
  'c.xmin': string;
  'p.xmin': string;
  's.xmin': string;
  'o.xmin': string | null;
  stored: StoredAnswer | null;
  'c.name': string;
  'c.type': CompanyType;
  'c.brn': string;
  'c.ceo_name': string;
  's.owner_user_id': string;
  's.name': string;
  's.status': string;
  's.brn': string;
  's.representative': string;
  'p.status': ProgramStatus;
  'p.rules': ProgramRules;
  'o.category': string | null;
  'o.status': string | null;
  'o.title': string | null;
  others: number;
}

/**
 * A submission or confirmation that lost a race for the company's one place in the program
 * (see readForDecision): run again, it finds the other application and is INELIGIBLE.
 */
const lostOnePlaceRace = (error: unknown) =>
  isUniqueViolation(error, 'applications_one_per_company');

function toView({ entity: a, companyName, supplierName }: Row): ApplicationView {
  return {
    id: a.id,
    programId: a.programId,
    companyId: a.companyId,
    companyName,
    category: a.category,
    track: a.track,
    socialIssue: a.socialIssue,
    supplierId: a.supplierId,
    supplierName,
    offeringId: a.offeringId,
    title: a.title,
    plan: a.plan,
    agreedCostKrw: a.agreedCostKrw,
    coPaymentPercent: a.coPaymentPercent,
    requestedSupportKrw: a.requestedSupportKrw,
    status: a.status,
    eligibility:
      a.eligibility && a.eligibilityCheckedAt
        ? { ...a.eligibility, checkedAt: a.eligibilityCheckedAt }
        : null,
    supplierConfirmedAt: a.supplierConfirmedAt,
    submittedAt: a.submittedAt,
    flagged: a.flagged,
    flagReason: a.flagReason,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

function fieldError(field: string, reason: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `Invalid input: ${field}`, {
    fields: [{ field, reasons: [reason] }],
  });
}

@Injectable()
export class ApplicationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programs: ProgramService,
    private readonly companies: CompanyService,
    private readonly suppliers: SupplierService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly assignments: AssignmentService,
    private readonly awards: AwardService,
  ) {}

  // ---- writes -------------------------------------------------------------------------------

  create(
    programId: string,
    dto: CreateApplicationDto,
    actor: Actor,
    key: string | undefined,
  ): Promise<IdempotentResult<ApplicationView>> {
    return inTransaction(this.dataSource, (tx) =>
      this.idempotency.run(
        tx,
        { userId: actor.userId, key, scope: `application.create:${programId}`, body: dto },
        201,
        async () => {
          const program = await this.programs.readShared(tx, programId);
          if (program.status !== 'OPEN') {
            throw new DomainError(
              'PROGRAM_NOT_OPEN',
              `The program is ${program.status}; applications can be drafted only while it is OPEN`,
            );
          }
          const company = await this.companies.lockOwned(tx, dto.companyId, actor);
          const app = tx.create(ApplicationEntity, {
            programId,
            companyId: company.id,
            applicantUserId: actor.userId,
            category: dto.category,
            track: dto.track,
            socialIssue: dto.socialIssue ?? null,
            supplierId: dto.supplierId,
            offeringId: dto.offeringId,
            title: dto.title,
            plan: { ...dto.plan },
            agreedCostKrw: dto.agreedCostKrw,
            rulesVersion: program.rulesVersion,
          });
          await this.prepare(tx, app, program, company, true);
          const saved = await tx.save(app);
          await this.audit.record(tx, {
            entity: 'application',
            entityId: saved.id,
            action: 'application.created',
            actor,
            after: saved,
          });
          return this.view(tx, saved.id);
        },
      ),
    );
  }

  async update(id: string, dto: UpdateApplicationDto, actor: Actor): Promise<ApplicationView> {
    return inTransaction(this.dataSource, async (tx) => {
      const app = await this.lockOwn(tx, id, actor);
      if (!isEditable(app.status)) {
        throw new DomainError(
          'APPLICATION_NOT_EDITABLE',
          `Only a DRAFT can be edited; this application is ${app.status}`,
          {
            status: app.status,
          },
        );
      }
      const before = { ...app };
      const { plan, ...rest } = dto;
      Object.assign(app, rest);
      // The DTO instance has every declared section as an own property (undefined when not
      // sent): merge only the sections sent, or a PATCH of one section would drop the others.
      if (plan) {
        const sent = Object.entries(plan).filter(([, text]) => text !== undefined);
        app.plan = { ...app.plan, ...Object.fromEntries(sent) };
      }
      if (dto.track === 'GENERAL' && dto.socialIssue === undefined) app.socialIssue = null;
      // The supplier confirmed a supplier, an offering and a cost: changing any of them needs a new confirmation.
      if (
        app.supplierId !== before.supplierId ||
        app.offeringId !== before.offeringId ||
        app.agreedCostKrw !== before.agreedCostKrw
      ) {
        app.supplierConfirmedAt = null;
      }
      const program = await this.programs.readShared(tx, app.programId);
      const company = await this.companies.lockOwned(tx, app.companyId, actor);
      await this.prepare(tx, app, program, company, app.supplierId !== before.supplierId);
      const saved = await tx.save(app);
      await this.audit.record(tx, {
        entity: 'application',
        entityId: id,
        action: 'application.updated',
        actor,
        before,
        after: saved,
      });
      return this.view(tx, id);
    });
  }

  /**
   * Submits a draft; once its supplier has confirmed, the eligibility rules run at once. Two
   * statements and no explicit transaction: one reads all the rules need (readForDecision,
   * with the answer already stored under the Idempotency-Key, if any, which is then given
   * again), one writes the change with its events, its audit entry and the key's answer if
   * nothing it was decided on changed meanwhile (writeDecision). A change read too late, the
   * company's one place taken by a concurrent submission, or the same key stored by a
   * concurrent request runs the decision again.
   */
  submit(
    id: string,
    actor: Actor,
    key: string | undefined,
  ): Promise<IdempotentResult<ApplicationView>> {
    const keyed =
      key === undefined
        ? undefined
        : this.idempotency.prepare({
            userId: actor.userId,
            key,
            scope: `application.submit:${id}`,
            body: {},
          });
    return withRetries(() => this.submitOnce(this.dataSource.manager, id, actor, keyed), {
      retryIf: (error) => lostOnePlaceRace(error) || isKeyRace(error),
    });
  }

  /**
   * The named supplier confirms the pre-agreement; a submitted application is then assessed.
   * Read and guarded write as in submit, without a transaction.
   */
  async confirm(id: string, actor: Actor): Promise<ApplicationView> {
    const owned = await this.suppliers.ownedSupplierIds(actor.userId);
    return withRetries(() => this.confirmOnce(this.dataSource.manager, id, actor, owned), {
      retryIf: lostOnePlaceRace,
    });
  }

  private async submitOnce(
    manager: EntityManager,
    id: string,
    actor: Actor,
    keyed: KeyedRequest | undefined,
  ): Promise<IdempotentResult<ApplicationView>> {
    const decision = await this.readForDecision(
      manager,
      id,
      { applicantUserId: actor.userId },
      keyed,
    );
    if (!decision) throw DomainError.notFound('Application', id);
    const replay = keyed && this.idempotency.replayOf<ApplicationView>(decision.stored, keyed);
    if (replay) return replay;
    const { app, company, supplier } = decision;
    if (!canSubmit(app.status)) {
      throw new DomainError(
        'INVALID_STATE_TRANSITION',
        `Cannot submit an application that is ${app.status}`,
        { status: app.status },
      );
    }
    const before = { status: app.status };
    app.status = 'SUBMITTED';
    app.submittedAt = new Date();
    const events = [
      this.event(app, 'application.submitted', actor, [app.applicantUserId]),
      app.supplierConfirmedAt
        ? this.assess(decision, actor)
        : this.event(app, 'application.confirmation_requested', actor, [supplier.ownerUserId]),
    ];
    app.updatedAt = new Date();
    const body = toView({ entity: app, companyName: company.name, supplierName: supplier.name });
    await this.writeDecision(
      manager,
      decision,
      events,
      {
        entity: 'application',
        entityId: id,
        action: 'application.submitted',
        actor,
        before,
        after: { status: app.status, eligibility: app.eligibility, submittedAt: app.submittedAt },
      },
      keyed ? [this.idempotency.storeStatement(keyed, 200, body)] : [],
    );
    return { status: 200, body, replayed: false };
  }

  private async confirmOnce(
    manager: EntityManager,
    id: string,
    actor: Actor,
    owned: string[],
  ): Promise<ApplicationView> {
    const decision = await this.readForDecision(manager, id, { supplierIds: owned });
    if (!decision) throw DomainError.notFound('Application', id);
    const { app, company, supplier } = decision;
    if (!canConfirm(app.status, app.supplierConfirmedAt !== null)) {
      throw new DomainError(
        'INVALID_STATE_TRANSITION',
        app.supplierConfirmedAt
          ? 'The pre-agreement is already confirmed'
          : `Cannot confirm an application that is ${app.status}`,
        { status: app.status },
      );
    }
    const before = { status: app.status, supplierConfirmedAt: null };
    app.supplierConfirmedAt = new Date();
    const events = [this.event(app, 'application.confirmed', actor, [app.applicantUserId])];
    if (app.status === 'SUBMITTED') events.push(this.assess(decision, actor));
    app.updatedAt = new Date();
    await this.writeDecision(manager, decision, events, {
      entity: 'application',
      entityId: id,
      action: 'application.confirmed',
      actor,
      before,
      after: {
        status: app.status,
        supplierConfirmedAt: app.supplierConfirmedAt,
        eligibility: app.eligibility,
      },
    });
    return toView({ entity: app, companyName: company.name, supplierName: supplier.name });
  }

  /**
   * Withdraws the applicant's own application. One that may be in evaluation or on the
   * waitlist takes the program lock first (the order evaluation and awards lock in): its
   * evaluators' open sheets are closed (submitted ones stay for the record) and a waitlisted
   * one leaves the waitlist, the rest of its category moving up, all in the same transaction.
   */
  async withdraw(id: string, actor: Actor): Promise<ApplicationView> {
    return inTransaction(this.dataSource, async (tx) => {
      const seen = await tx.findOne(ApplicationEntity, {
        where: { id, applicantUserId: actor.userId },
        select: { id: true, programId: true, status: true },
      });
      if (!seen) throw DomainError.notFound('Application', id);
      if (mayHaveEvaluation(seen.status)) await this.programs.lock(tx, seen.programId);
      const app = await this.lockOwn(tx, id, actor);
      if (!canWithdraw(app.status)) {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `Cannot withdraw an application that is ${app.status}`,
          {
            status: app.status,
          },
        );
      }
      const before = { status: app.status };
      app.status = 'WITHDRAWN';
      app.withdrawnAt = new Date();
      await tx.save(app);
      const closedSheets = await this.assignments.closeOpenSheets(
        tx,
        { applicationId: id },
        'application withdrawn',
        actor,
      );
      if (before.status === 'WAITLISTED') {
        await this.awards.leaveWaitlist(tx, id, 'withdrawn by the applicant', actor);
      }
      await this.audit.record(tx, {
        entity: 'application',
        entityId: id,
        action: 'application.withdrawn',
        actor,
        before,
        after: { status: app.status, closedSheets: closedSheets.map((c) => c.id) },
      });
      await this.emit(tx, app, 'application.withdrawn', actor, [app.applicantUserId]);
      return this.view(tx, id);
    });
  }

  // ---- reads --------------------------------------------------------------------------------

  async get(id: string, actor: Actor): Promise<ApplicationView> {
    const row = await this.rows(
      this.scoped(this.dataSource.manager, actor).andWhere('a.id = :id', { id }),
    );
    if (!row.length) throw DomainError.notFound('Application', id);
    return toView(row[0]);
  }

  async list(query: ApplicationQueryDto, actor: Actor): Promise<Page<ApplicationView>> {
    const qb = this.filtered(this.scoped(this.dataSource.manager, actor), query);
    const total = await qb.getCount();
    const rows = await this.rows(
      qb
        .orderBy('a.createdAt', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .offset(query.offset)
        .limit(query.limit),
    );
    return { items: rows.map(toView), total, limit: query.limit, offset: query.offset };
  }

  /** All applications of a program as CSV, UTF-8 with a BOM so that Excel shows Korean text. */
  async csv(programId: string): Promise<string> {
    await this.programs.get(programId);
    const rows = await this.dataSource.query(
      `SELECT a.id, a.status, a.category, a.track, a.social_issue, c.name AS company, c.business_registration_number AS brn,
              c.type AS company_type, c.region, s.name AS supplier, a.title, a.agreed_cost_krw::text, a.co_payment_percent::text,
              a.requested_support_krw::text, a.submitted_at, a.flagged,
              (SELECT string_agg(f->>'code', ' ') FROM jsonb_array_elements(a.eligibility->'failures') f) AS ineligible_reasons
         FROM applications a JOIN companies c ON c.id = a.company_id JOIN suppliers s ON s.id = a.supplier_id
        WHERE a.program_id = $1 ORDER BY a.created_at, a.id`,
      [programId],
    );
    return stringify(rows as Record<string, unknown>[], {
      bom: true,
      header: true,
      columns: [
        { key: 'id', header: 'application_id' },
        { key: 'status', header: 'status' },
        { key: 'category', header: 'category' },
        { key: 'track', header: 'track' },
        { key: 'social_issue', header: 'social_issue' },
        { key: 'company', header: 'company' },
        { key: 'brn', header: 'business_registration_number' },
        { key: 'company_type', header: 'company_type' },
        { key: 'region', header: 'region' },
        { key: 'supplier', header: 'supplier' },
        { key: 'title', header: 'title' },
        { key: 'agreed_cost_krw', header: 'agreed_cost_krw' },
        { key: 'co_payment_percent', header: 'co_payment_percent' },
        { key: 'requested_support_krw', header: 'requested_support_krw' },
        { key: 'submitted_at', header: 'submitted_at' },
        { key: 'flagged', header: 'flagged' },
        { key: 'ineligible_reasons', header: 'ineligible_reasons' },
      ],
      cast: {
        date: (d) => d.toISOString(),
        boolean: (b) => (b ? 'true' : 'false'),
        string: csvSafeCell,
      },
    });
  }

  // ---- internals ----------------------------------------------------------------------------

  /** Checks what can be checked while drafting and computes the requested support. */
  private async prepare(
    tx: EntityManager,
    app: ApplicationEntity,
    program: ProgramEntity,
    company: CompanyEntity,
    supplierChanged: boolean,
  ): Promise<void> {
    if (app.track === 'GENERAL' && app.socialIssue) {
      throw fieldError('socialIssue', 'socialIssue is only for the SOCIAL_ISSUE track');
    }
    if (app.track === 'SOCIAL_ISSUE' && !app.socialIssue) {
      throw fieldError('socialIssue', 'socialIssue is required in the SOCIAL_ISSUE track');
    }
    const found = await this.suppliers.findForApplication(tx, app.supplierId);
    // A new choice of supplier must be approved; a draft whose supplier was suspended later can
    // still be edited (it is flagged and will fail eligibility until it names another one).
    const allowed = supplierChanged ? ['APPROVED'] : ['APPROVED', 'SUSPENDED'];
    if (!found || !allowed.includes(found.supplier.status))
      throw DomainError.notFound('Supplier', app.supplierId);
    if (!found.offerings.some((o) => o.id === app.offeringId))
      throw DomainError.notFound('Offering', app.offeringId);
    const quote = quoteSupport(program.rules, {
      category: app.category,
      agreedCostKrw: app.agreedCostKrw,
      companyType: company.type,
      ceoBirthDate: company.ceoBirthDate,
    });
    if (!quote) {
      if (!program.rules.categories.some((c) => c.code === app.category)) {
        throw fieldError(
          'category',
          `category must be one of ${program.rules.categories.map((c) => c.code).join(', ')}`,
        );
      }
      throw fieldError(
        'companyId',
        `companies of type ${company.type} have no co-payment rate in this program`,
      );
    }
    app.coPaymentPercent = quote.coPaymentPercent;
    app.requestedSupportKrw = quote.requestedSupportKrw;
  }

  /** Runs the eligibility rules on what readForDecision read; returns the event to emit. */
  private assess(decision: Decision, actor: Actor): OutboxEvent {
    const { app, company, supplier, program, offering } = decision;
    const failures = checkEligibility({
      submittedAt: app.submittedAt!,
      program,
      application: {
        category: app.category,
        track: app.track,
        socialIssue: app.socialIssue,
        agreedCostKrw: app.agreedCostKrw,
        requestedSupportKrw: app.requestedSupportKrw,
        planSections: { ...app.plan },
      },
      company,
      supplier,
      offering,
      otherLiveApplications: decision.otherLiveApplications,
    });
    app.eligibility = { eligible: failures.length === 0, failures };
    app.eligibilityCheckedAt = new Date();
    app.status = failures.length === 0 ? 'ELIGIBLE' : 'INELIGIBLE';
    return this.event(
      app,
      failures.length ? 'application.ineligible' : 'application.eligible',
      actor,
      [app.applicantUserId],
      { failures },
    );
  }

  /**
   * Writes a submission's or confirmation's fields (updatedAt as the caller set it, so that
   * an answer stored with the write shows it), its events, its audit entry and any `extra`
   * (the Idempotency-Key's answer) in one statement (runGuarded), provided everything the
   * decision read is still as it was: the row versions of the application, its company, its
   * program, its supplier and its offering, and the count of the company's other
   * applications holding its place. The statement share-locks the program row first (as
   * ProgramService.readShared and every path that locks a program before its applications:
   * a status change waits until this decision is written), then locks the application and
   * its company; a change of any of them that came first fails the check, and the decision
   * is read and made again. Supplier, offering and the count are compared as of the
   * statement's start, not locked (a supplier's suspension changes the application row
   * itself, by flagging it); the unique index applications_one_per_company refuses a second
   * application holding the company's place in any case (lostOnePlaceRace).
   */
  private async writeDecision(
    manager: EntityManager,
    { app, versions, otherLiveApplications }: Decision,
    events: OutboxEvent[],
    audit: AuditRecord,
    extra: SqlStatement[] = [],
  ): Promise<void> {
    await runGuarded(
      manager,
      {
        name: 'application.write_decision',
        sql: `WITH program AS (
                SELECT p.id FROM programs p WHERE p.id = $10 AND p.xmin = $9::xid FOR SHARE
              ), held AS (
                SELECT a.id FROM applications a
                  JOIN companies c ON c.id = a.company_id
                 WHERE a.id = $1 AND a.program_id = (SELECT id FROM program)
                   AND a.xmin = $7::xid AND c.xmin = $8::xid
                   AND (SELECT s.xmin::text FROM suppliers s WHERE s.id = a.supplier_id) = $11
                   AND (SELECT o.xmin::text FROM supplier_offerings o
                         WHERE o.id = a.offering_id AND o.supplier_id = a.supplier_id)
                       IS NOT DISTINCT FROM $12::text
                   AND (SELECT count(*)::int FROM applications x
                         WHERE x.program_id = a.program_id AND x.company_id = a.company_id
                           AND x.id <> a.id AND x.status = ANY($14)) = $13
                   FOR UPDATE OF a, c)
              UPDATE applications
                 SET status = $2, submitted_at = $3, supplier_confirmed_at = $4, eligibility = $5::jsonb,
                     eligibility_checked_at = $6, updated_at = $15
               WHERE id = (SELECT id FROM held)
           RETURNING id`,
        params: [
          app.id,
          app.status,
          app.submittedAt,
          app.supplierConfirmedAt,
          app.eligibility ? JSON.stringify(app.eligibility) : null,
          app.eligibilityCheckedAt,
          versions.app,
          versions.company,
          versions.program,
          app.programId,
          versions.supplier,
          versions.offering,
          otherLiveApplications,
          OCCUPYING,
          app.updatedAt,
        ],
      },
      this.outbox.emitStatement(events),
      this.audit.recordStatement(audit),
      ...extra,
    );
  }

  private event(
    app: ApplicationEntity,
    type: string,
    actor: Actor,
    recipients: string[],
    extra: Record<string, unknown> = {},
  ): OutboxEvent {
    return {
      type,
      aggregateType: 'application',
      aggregateId: app.id,
      payload: {
        applicationId: app.id,
        programId: app.programId,
        title: app.title,
        category: app.category,
        track: app.track,
        status: app.status,
        requestedSupportKrw: app.requestedSupportKrw,
        recipients,
        ...extra,
      },
      requestId: actor.requestId,
    };
  }

  private async emit(
    tx: EntityManager,
    app: ApplicationEntity,
    type: string,
    actor: Actor,
    recipients: string[],
  ): Promise<void> {
    await this.outbox.emit(tx, this.event(app, type, actor, recipients));
  }

  /**
   * The application (the applicant's own, or naming one of the caller's suppliers) with all
   * the eligibility rules read, in one statement and without locks, with the row versions
   * writeDecision checks.
   */
  private async readForDecision(
    manager: EntityManager,
    id: string,
    owner: { applicantUserId: string } | { supplierIds: string[] },
    keyed?: KeyedRequest,
  ): Promise<Decision | null> {
    const byApplicant = 'applicantUserId' in owner;
    const [row] = await runStatement<Record<string, unknown> & DecisionColumns>(manager, {
      name: `application.read_for_decision:${byApplicant ? 'applicant' : 'supplier'}`,
      sql: `SELECT a.*, a.xmin::text AS "a.xmin", c.xmin::text AS "c.xmin", p.xmin::text AS "p.xmin",
              s.xmin::text AS "s.xmin", o.xmin::text AS "o.xmin",
              c.name AS "c.name", c.type AS "c.type", c.business_registration_number AS "c.brn",
              c.ceo_name AS "c.ceo_name",
              s.owner_user_id AS "s.owner_user_id", s.name AS "s.name", s.status AS "s.status",
              s.business_registration_number AS "s.brn", s.representative AS "s.representative",
              p.status AS "p.status", p.rules AS "p.rules",
              o.category AS "o.category", o.status AS "o.status", o.title AS "o.title",
              (SELECT count(*)::int FROM applications x
                WHERE x.program_id = a.program_id AND x.company_id = a.company_id AND x.id <> a.id
                  AND x.status = ANY($3)) AS "others",
              (SELECT jsonb_build_object('request_hash', k.request_hash,
                                         'response_status', k.response_status,
                                         'response_body', k.response_body)
                 FROM idempotency_keys k WHERE k.user_id = $4 AND k.key = $5) AS "stored"
         FROM applications a
         JOIN companies c ON c.id = a.company_id
         JOIN suppliers s ON s.id = a.supplier_id
         JOIN programs p ON p.id = a.program_id
         LEFT JOIN supplier_offerings o ON o.id = a.offering_id AND o.supplier_id = a.supplier_id
        WHERE a.id = $1
          AND ${byApplicant ? 'a.applicant_user_id = $2' : 'a.supplier_id = ANY($2::uuid[])'}`,
      params: [
        id,
        byApplicant ? owner.applicantUserId : owner.supplierIds,
        OCCUPYING,
        keyed?.userId ?? null,
        keyed?.key ?? null,
      ],
    });
    if (!row) return null;
    return {
      app: hydrate(manager, ApplicationEntity, row),
      company: {
        name: row['c.name'],
        type: row['c.type'],
        businessRegistrationNumber: row['c.brn'],
        ceoName: row['c.ceo_name'],
      },
      supplier: {
        ownerUserId: row['s.owner_user_id'],
        name: row['s.name'],
        status: row['s.status'],
        businessRegistrationNumber: row['s.brn'],
        representative: row['s.representative'],
      },
      program: { status: row['p.status'], rules: row['p.rules'] },
      offering: row['o.category']
        ? { category: row['o.category'], status: row['o.status']!, title: row['o.title']! }
        : null,
      otherLiveApplications: row.others,
      stored: row.stored,
      versions: {
        app: row['a.xmin'],
        company: row['c.xmin'],
        program: row['p.xmin'],
        supplier: row['s.xmin'],
        offering: row['o.xmin'],
      },
    };
  }

  /** The applicant's own application, locked; anyone else's is 404. */
  private async lockOwn(tx: EntityManager, id: string, actor: Actor): Promise<ApplicationEntity> {
    const app = await tx.findOne(ApplicationEntity, {
      where: { id, applicantUserId: actor.userId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!app) throw DomainError.notFound('Application', id);
    return app;
  }

  /** What the actor may read: own (applicant), naming it (supplier), everything (staff). */
  private scoped(manager: EntityManager, actor: Actor): SelectQueryBuilder<ApplicationEntity> {
    const qb = this.base(manager);
    if (isStaff(actor)) return qb.where('TRUE');
    if (actor.role === Role.APPLICANT)
      return qb.where('a.applicantUserId = :me', { me: actor.userId });
    if (actor.role === Role.SUPPLIER) return qb.where('s.ownerUserId = :me', { me: actor.userId });
    return qb.where('FALSE');
  }

  private filtered(
    qb: SelectQueryBuilder<ApplicationEntity>,
    q: ApplicationQueryDto,
  ): SelectQueryBuilder<ApplicationEntity> {
    if (q.programId) qb.andWhere('a.programId = :programId', { programId: q.programId });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.category) qb.andWhere('a.category = :category', { category: q.category });
    if (q.track) qb.andWhere('a.track = :track', { track: q.track });
    if (q.region) qb.andWhere('c.region = :region', { region: q.region });
    if (q.supplierId) qb.andWhere('a.supplierId = :supplierId', { supplierId: q.supplierId });
    return qb;
  }

  private async rows(qb: SelectQueryBuilder<ApplicationEntity>): Promise<Row[]> {
    const { entities, raw } = await qb.getRawAndEntities<{
      company_name: string;
      supplier_name: string;
      a_id: string;
    }>();
    const names = new Map(raw.map((r) => [r.a_id, r]));
    return entities.map((entity) => ({
      entity,
      companyName: names.get(entity.id)!.company_name,
      supplierName: names.get(entity.id)!.supplier_name,
    }));
  }

  /** Applications with the names a reader needs, in one query. */
  private base(manager: EntityManager): SelectQueryBuilder<ApplicationEntity> {
    return manager
      .createQueryBuilder(ApplicationEntity, 'a')
      .innerJoin(CompanyEntity, 'c', 'c.id = a.companyId')
      .innerJoin(SupplierEntity, 's', 's.id = a.supplierId')
      .addSelect(['c.name AS company_name', 's.name AS supplier_name']);
  }

  private async view(tx: EntityManager, id: string): Promise<ApplicationView> {
    const [row] = await this.rows(this.base(tx).where('a.id = :id', { id }));
    return toView(row);
  }
}
