import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, DomainError, Page, PageQueryDto } from '@app/common';
import { inTransaction, isUniqueViolation } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { OutboxService } from '../outbox/outbox.service';
import {
  CreateSupplierDto,
  OfferingDto,
  OfferingPublicView,
  OfferingView,
  SupplierPublicView,
  SupplierQueryDto,
  SupplierView,
  UpdateSupplierDto,
} from './dto/supplier.dto';
import { SupplierEntity, SupplierOfferingEntity } from './supplier.entity';
import {
  acceptsOfferingChanges,
  APPLICATION_STATUSES_FLAGGED_ON_SUSPENSION,
  approveOfferings,
  canReviewOffering,
  defaultProcessingKind,
  isPublicOffering,
  isReviewer,
  liveOfferingCount,
  MAX_LIVE_OFFERINGS,
  missingCrowdsourcingEvidence,
  nextSupplierStatus,
  OFFERING_STATUSES,
  OfferingStatus,
  OfferingStatusChange,
  offeringChange,
  PUBLIC_OFFERING_STATUSES,
  rejectPendingOfferings,
  reviewsOfferingsSingly,
  SupplierAction,
  supplierAccess,
  withdrawOffering,
} from './supplier.policy';

/** A supplier with every offering, read in the caller's transaction (see findForApplication). */
export interface SupplierWithOfferings {
  supplier: SupplierEntity;
  offerings: SupplierOfferingEntity[];
}

/** The event (and audit action) each officer decision writes. */
const SUPPLIER_EVENTS: Record<SupplierAction, string> = {
  approve: 'supplier.approved',
  reject: 'supplier.rejected',
  suspend: 'supplier.suspended',
};

/** Offerings in a stable order: as added, then by title and id. */
const OFFERING_ORDER = { createdAt: 'ASC', title: 'ASC', id: 'ASC' } as const;

export function toOfferingPublicView(o: SupplierOfferingEntity): OfferingPublicView {
  return {
    id: o.id,
    category: o.category,
    processingKind: o.processingKind,
    title: o.title,
    description: o.description,
    indicativePriceKrw: o.indicativePriceKrw,
  };
}

export function toOfferingView(o: SupplierOfferingEntity): OfferingView {
  return {
    ...toOfferingPublicView(o),
    status: o.status,
    replacesId: o.replacesId,
    reviewReason: o.reviewReason,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export function toSupplierPublicView(
  s: SupplierEntity,
  offerings: readonly SupplierOfferingEntity[],
): SupplierPublicView {
  return {
    id: s.id,
    businessRegistrationNumber: s.businessRegistrationNumber,
    name: s.name,
    representative: s.representative,
    contactEmail: s.contactEmail,
    contactPhone: s.contactPhone,
    crowdsourcing: s.crowdsourcing,
    status: s.status,
    offerings: offerings.filter((o) => isPublicOffering(o.status)).map(toOfferingPublicView),
  };
}

export function toSupplierView(
  s: SupplierEntity,
  offerings: readonly SupplierOfferingEntity[],
): SupplierView {
  return {
    ...toSupplierPublicView(s, []),
    ownerUserId: s.ownerUserId,
    crowdsourcingEvidence: s.crowdsourcingEvidence,
    statusReason: s.statusReason,
    reviewedAt: s.reviewedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    offerings: offerings.map(toOfferingView),
  };
}

/** What the audit trail keeps of an offering. */
function offeringSnapshot(o: SupplierOfferingEntity) {
  return {
    offeringId: o.id,
    category: o.category,
    processingKind: o.processingKind,
    title: o.title,
    description: o.description,
    indicativePriceKrw: o.indicativePriceKrw,
    status: o.status,
    replacesId: o.replacesId,
  };
}

function invalidTransition(message: string, status: string): DomainError {
  return new DomainError('INVALID_STATE_TRANSITION', message, { status });
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class SupplierService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Reading

  /**
   * The catalogue: the public sees approved suppliers with their approved offerings; officers
   * see every supplier and offering. Filters match the offerings the caller may see, so that a
   * search never reveals an offering still under review.
   */
  async list(
    query: SupplierQueryDto,
    actor: Actor | null,
  ): Promise<Page<SupplierPublicView | SupplierView>> {
    const full = isReviewer(actor?.role);
    const visible = full ? OFFERING_STATUSES : PUBLIC_OFFERING_STATUSES;
    const qb = this.dataSource
      .getRepository(SupplierEntity)
      .createQueryBuilder('s')
      .setParameter('visible', [...visible]);
    if (!full) qb.andWhere(`s.status = 'APPROVED'`);
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.category) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM supplier_offerings oc WHERE oc.supplier_id = s.id
           AND oc.category = :category AND oc.status IN (:...visible))`,
        { category: query.category },
      );
    }
    if (query.q) {
      qb.andWhere(
        `(s.name ILIKE :pattern ESCAPE '\\' OR EXISTS (SELECT 1 FROM supplier_offerings oq
           WHERE oq.supplier_id = s.id AND oq.status IN (:...visible)
           AND oq.title ILIKE :pattern ESCAPE '\\'))`,
        { pattern: likePattern(query.q) },
      );
    }
    const [suppliers, total] = await qb
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .offset(query.offset)
      .limit(query.limit)
      .getManyAndCount();
    const offerings = await this.offeringsOf(
      suppliers.map((s) => s.id),
      visible,
    );
    const items = suppliers.map((s) =>
      full
        ? toSupplierView(s, offerings.get(s.id) ?? [])
        : toSupplierPublicView(s, offerings.get(s.id) ?? []),
    );
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** The caller's own suppliers, every status and offering. */
  async mine(page: PageQueryDto, actor: Actor): Promise<Page<SupplierView>> {
    const [suppliers, total] = await this.dataSource.getRepository(SupplierEntity).findAndCount({
      where: { ownerUserId: actor.userId },
      order: { name: 'ASC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const offerings = await this.offeringsOf(
      suppliers.map((s) => s.id),
      OFFERING_STATUSES,
    );
    return {
      items: suppliers.map((s) => toSupplierView(s, offerings.get(s.id) ?? [])),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }

  /** Officers and the owner see everything; others an approved supplier's catalogue entry. */
  async get(id: string, actor: Actor | null): Promise<SupplierPublicView | SupplierView> {
    const supplier = await this.dataSource.getRepository(SupplierEntity).findOneBy({ id });
    const access = supplier ? supplierAccess(supplier, actor) : 'NONE';
    if (!supplier || access === 'NONE') throw DomainError.notFound('Supplier', id);
    const offerings = await this.dataSource.getRepository(SupplierOfferingEntity).find({
      where: { supplierId: id },
      order: OFFERING_ORDER,
    });
    return access === 'FULL'
      ? toSupplierView(supplier, offerings)
      : toSupplierPublicView(supplier, offerings);
  }

  /**
   * For the application module: the supplier and all its offerings, read inside the caller's
   * transaction, or null for an unknown id. No lock is taken on purpose: the application
   * module locks its application row first, and a suspension (which locks the supplier, then
   * updates applications) waits for that row and flags it after commit; a supplier lock here
   * would invert that order and deadlock.
   */
  async findForApplication(
    tx: EntityManager,
    supplierId: string,
  ): Promise<SupplierWithOfferings | null> {
    const supplier = await tx.findOne(SupplierEntity, { where: { id: supplierId } });
    if (!supplier) return null;
    const offerings = await tx.find(SupplierOfferingEntity, {
      where: { supplierId },
      order: OFFERING_ORDER,
    });
    return { supplier, offerings };
  }

  /** Ids of the suppliers a user owns (for "applications naming my supplier"). */
  async ownedSupplierIds(userId: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(SupplierEntity).find({
      select: { id: true },
      where: { ownerUserId: userId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((r) => r.id);
  }

  // -------------------------------------------------------------------------------------------
  // The owner

  /** Registers a supplier and its offerings for review. One supplier per BRN, race-safe. */
  async register(dto: CreateSupplierDto, actor: Actor): Promise<SupplierView> {
    try {
      return await inTransaction(this.dataSource, async (tx) => {
        const supplier = await tx.save(
          tx.create(SupplierEntity, {
            ownerUserId: actor.userId,
            businessRegistrationNumber: dto.businessRegistrationNumber,
            name: dto.name,
            representative: dto.representative,
            contactEmail: dto.contactEmail,
            contactPhone: dto.contactPhone ?? null,
            crowdsourcing: dto.crowdsourcing,
            crowdsourcingEvidence: dto.crowdsourcingEvidence ?? null,
            status: 'PENDING',
          }),
        );
        const offerings = await tx.save(
          dto.offerings.map((o) => this.newOffering(tx, supplier.id, o)),
        );
        await this.audit.record(tx, {
          entity: 'supplier',
          entityId: supplier.id,
          action: 'supplier.registered',
          actor,
          after: {
            businessRegistrationNumber: supplier.businessRegistrationNumber,
            name: supplier.name,
            representative: supplier.representative,
            crowdsourcing: supplier.crowdsourcing,
            status: supplier.status,
            offerings: offerings.map(offeringSnapshot),
          },
        });
        // Officers are addressed by the notifications module, not listed here.
        await this.emit(tx, 'supplier.registered', supplier, actor, { recipients: [] });
        return toSupplierView(supplier, offerings);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'suppliers_brn_key')) {
        throw new DomainError(
          'CONFLICT',
          'A supplier with this business registration number is already registered',
          {
            fields: [
              {
                field: 'businessRegistrationNumber',
                reasons: ['businessRegistrationNumber is already registered'],
              },
            ],
          },
        );
      }
      throw error;
    }
  }

  /** Contact details and the crowdsourcing claim; name and representative need a new review. */
  async update(id: string, dto: UpdateSupplierDto, actor: Actor): Promise<SupplierView> {
    return inTransaction(this.dataSource, async (tx) => {
      const supplier = await this.lockOwned(tx, id, actor);
      const before = {
        contactEmail: supplier.contactEmail,
        contactPhone: supplier.contactPhone,
        crowdsourcing: supplier.crowdsourcing,
        crowdsourcingEvidence: supplier.crowdsourcingEvidence,
      };
      const after = {
        contactEmail: dto.contactEmail ?? before.contactEmail,
        contactPhone: dto.contactPhone === undefined ? before.contactPhone : dto.contactPhone,
        crowdsourcing: dto.crowdsourcing ?? before.crowdsourcing,
        crowdsourcingEvidence:
          dto.crowdsourcingEvidence === undefined
            ? before.crowdsourcingEvidence
            : dto.crowdsourcingEvidence,
      };
      // The rule holds for the record as it will be, not for the request alone.
      if (missingCrowdsourcingEvidence(after)) {
        const reason = 'crowdsourcingEvidence is required when crowdsourcing is true';
        throw new DomainError('VALIDATION_FAILED', 'Invalid input: crowdsourcingEvidence', {
          fields: [{ field: 'crowdsourcingEvidence', reasons: [reason] }],
        });
      }
      const changed = (Object.keys(after) as Array<keyof typeof after>).filter(
        (k) => after[k] !== before[k],
      );
      if (!changed.length) return toSupplierView(supplier, await this.currentOfferings(tx, id));

      Object.assign(supplier, after);
      const saved = await tx.save(supplier);
      await this.audit.record(tx, {
        entity: 'supplier',
        entityId: id,
        action: 'supplier.updated',
        actor,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
      // The crowdsourcing claim earns bonus points, so officers hear when it changes.
      if (changed.includes('crowdsourcing') || changed.includes('crowdsourcingEvidence')) {
        await this.emit(tx, 'supplier.crowdsourcing_changed', saved, actor, {
          crowdsourcing: saved.crowdsourcing,
          recipients: [],
        });
      }
      return toSupplierView(saved, await this.currentOfferings(tx, id));
    });
  }

  /** A new offering goes to review; approved offerings stay visible meanwhile. */
  async addOffering(id: string, dto: OfferingDto, actor: Actor): Promise<OfferingView> {
    return inTransaction(this.dataSource, async (tx) => {
      const supplier = await this.lockOwnedForOfferingChange(tx, id, actor);
      const offerings = await this.currentOfferings(tx, id);
      if (liveOfferingCount(offerings) >= MAX_LIVE_OFFERINGS) {
        throw new DomainError(
          'CONFLICT',
          `A supplier may have at most ${MAX_LIVE_OFFERINGS} live offerings`,
          { max: MAX_LIVE_OFFERINGS },
        );
      }
      const offering = await tx.save(this.newOffering(tx, id, dto));
      await this.audit.record(tx, {
        entity: 'supplier',
        entityId: id,
        action: 'supplier.offering_added',
        actor,
        after: offeringSnapshot(offering),
      });
      await this.announceSubmission(tx, supplier, offering, actor);
      return toOfferingView(offering);
    });
  }

  /**
   * A pending offering is edited in place. An approved one stays approved and visible; the
   * change becomes a PENDING revision that replaces it once approved (its open revision, if
   * any, is edited instead of opening a second one).
   */
  async changeOffering(
    id: string,
    offeringId: string,
    dto: OfferingDto,
    actor: Actor,
  ): Promise<OfferingView> {
    return inTransaction(this.dataSource, async (tx) => {
      const supplier = await this.lockOwnedForOfferingChange(tx, id, actor);
      const offerings = await this.currentOfferings(tx, id);
      const target = this.offeringIn(offerings, offeringId);
      const revision = offerings.find((o) => o.replacesId === target.id && o.status === 'PENDING');
      const change = offeringChange(target.status, revision !== undefined);
      if (!change) {
        throw invalidTransition(
          `An offering that is ${target.status} cannot be changed`,
          target.status,
        );
      }
      const fields = this.offeringFields(dto);
      if (change === 'NEW_REVISION') {
        const created = await tx.save(
          tx.create(SupplierOfferingEntity, {
            ...fields,
            supplierId: id,
            status: 'PENDING',
            replacesId: target.id,
          }),
        );
        await this.audit.record(tx, {
          entity: 'supplier',
          entityId: id,
          action: 'supplier.offering_revised',
          actor,
          before: offeringSnapshot(target),
          after: offeringSnapshot(created),
        });
        await this.announceSubmission(tx, supplier, created, actor);
        return toOfferingView(created);
      }
      const edited = change === 'EDIT_REVISION' ? revision! : target;
      const before = offeringSnapshot(edited);
      Object.assign(edited, fields);
      const saved = await tx.save(edited);
      await this.audit.record(tx, {
        entity: 'supplier',
        entityId: id,
        action: 'supplier.offering_changed',
        actor,
        before,
        after: offeringSnapshot(saved),
      });
      return toOfferingView(saved);
    });
  }

  /** Withdraws an offering (with its open revision): it no longer shows or can be named. */
  async withdrawOffering(id: string, offeringId: string, actor: Actor): Promise<OfferingView> {
    return inTransaction(this.dataSource, async (tx) => {
      const supplier = await this.lockOwnedForOfferingChange(tx, id, actor);
      const offerings = await this.currentOfferings(tx, id);
      const target = this.offeringIn(offerings, offeringId);
      const changes = withdrawOffering(offerings, offeringId);
      if (!changes.length) {
        throw invalidTransition(
          `An offering that is ${target.status} cannot be withdrawn`,
          target.status,
        );
      }
      await this.applyOfferingChanges(tx, changes);
      await this.audit.record(tx, {
        entity: 'supplier',
        entityId: id,
        action: 'supplier.offering_withdrawn',
        actor,
        before: { offeringId, offerings: changes.map((c) => ({ id: c.id, status: c.from })) },
        after: { offeringId, offerings: changes.map((c) => ({ id: c.id, status: c.to })) },
      });
      // Applications naming the offering may need attention (application module).
      await this.emit(tx, 'supplier.offering_withdrawn', supplier, actor, {
        offeringId,
        recipients: [],
      });
      return toOfferingView(await tx.findOneByOrFail(SupplierOfferingEntity, { id: offeringId }));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Officers

  /** PENDING → APPROVED with every pending offering (revisions replace their originals). */
  approve(id: string, actor: Actor): Promise<SupplierView> {
    return this.transition(id, 'approve', null, actor);
  }

  /** PENDING → REJECTED; its pending offerings are rejected with the same reason. */
  reject(id: string, reason: string, actor: Actor): Promise<SupplierView> {
    return this.transition(id, 'reject', reason, actor);
  }

  /**
   * APPROVED → SUSPENDED: the designation is cancelled and the supplier's running
   * applications are flagged for an officer, in the same transaction.
   */
  suspend(id: string, reason: string, actor: Actor): Promise<SupplierView> {
    return this.transition(id, 'suspend', reason, actor);
  }

  async approveOffering(id: string, offeringId: string, actor: Actor): Promise<OfferingView> {
    return this.reviewOffering(id, offeringId, 'approve', null, actor);
  }

  async rejectOffering(
    id: string,
    offeringId: string,
    reason: string,
    actor: Actor,
  ): Promise<OfferingView> {
    return this.reviewOffering(id, offeringId, 'reject', reason, actor);
  }

  private async transition(
    id: string,
    action: SupplierAction,
    reason: string | null,
    actor: Actor,
  ): Promise<SupplierView> {
    return inTransaction(this.dataSource, async (tx) => {
      const supplier = await this.lock(tx, id);
      const to = nextSupplierStatus(supplier.status, action);
      if (!to) {
        throw invalidTransition(
          `Cannot ${action} a supplier that is ${supplier.status}`,
          supplier.status,
        );
      }
      const before = { status: supplier.status, statusReason: supplier.statusReason };
      const offerings = await this.currentOfferings(tx, id);
      const changes =
        action === 'approve'
          ? approveOfferings(offerings)
          : action === 'reject'
            ? rejectPendingOfferings(offerings)
            : [];
      await this.applyOfferingChanges(tx, changes, reason);
      const flagged = action === 'suspend' ? await this.flagApplications(tx, id, reason!) : [];

      supplier.status = to;
      supplier.statusReason = reason;
      supplier.reviewedBy = actor.userId;
      supplier.reviewedAt = new Date();
      const saved = await tx.save(supplier);
      await this.audit.record(tx, {
        entity: 'supplier',
        entityId: id,
        action: SUPPLIER_EVENTS[action],
        actor,
        before,
        after: {
          status: to,
          statusReason: reason,
          offerings: changes,
          ...(action === 'suspend' ? { flaggedApplicationIds: flagged } : {}),
        },
      });
      await this.emit(tx, SUPPLIER_EVENTS[action], saved, actor, {
        ...(reason !== null ? { reason } : {}),
        ...(action === 'suspend' ? { flaggedApplicationIds: flagged } : {}),
        recipients: [saved.ownerUserId],
      });
      return toSupplierView(saved, await this.currentOfferings(tx, id));
    });
  }

  /** A single offering of an approved supplier (a pending supplier's are decided with it). */
  private async reviewOffering(
    id: string,
    offeringId: string,
    action: 'approve' | 'reject',
    reason: string | null,
    actor: Actor,
  ): Promise<OfferingView> {
    return inTransaction(this.dataSource, async (tx) => {
      const supplier = await this.lock(tx, id);
      const offerings = await this.currentOfferings(tx, id);
      const target = this.offeringIn(offerings, offeringId);
      if (!reviewsOfferingsSingly(supplier.status)) {
        throw invalidTransition(
          `Offerings of a ${supplier.status} supplier are not reviewed one by one`,
          supplier.status,
        );
      }
      if (!canReviewOffering(target.status)) {
        throw invalidTransition(
          `Cannot ${action} an offering that is ${target.status}`,
          target.status,
        );
      }
      const changes =
        action === 'approve'
          ? approveOfferings(offerings, [offeringId])
          : [{ id: offeringId, from: target.status, to: 'REJECTED' as const }];
      await this.applyOfferingChanges(tx, changes, reason);
      const event = action === 'approve' ? 'offering_approved' : 'offering_rejected';
      await this.audit.record(tx, {
        entity: 'supplier',
        entityId: id,
        action: `supplier.${event}`,
        actor,
        before: { offeringId, offerings: changes.map((c) => ({ id: c.id, status: c.from })) },
        after: {
          offeringId,
          offerings: changes.map((c) => ({ id: c.id, status: c.to })),
          ...(reason !== null ? { reason } : {}),
        },
      });
      await this.emit(tx, `supplier.${event}`, supplier, actor, {
        offeringId,
        title: target.title,
        ...(target.replacesId ? { replacesId: target.replacesId } : {}),
        ...(reason !== null ? { reason } : {}),
        recipients: [supplier.ownerUserId],
      });
      return toOfferingView(await tx.findOneByOrFail(SupplierOfferingEntity, { id: offeringId }));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  /** Locks the supplier row for the rest of the transaction; every change goes through it. */
  private async lock(tx: EntityManager, id: string): Promise<SupplierEntity> {
    const supplier = await tx.findOne(SupplierEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!supplier) throw DomainError.notFound('Supplier', id);
    return supplier;
  }

  /** Someone else's supplier answers exactly like a missing one. */
  private async lockOwned(tx: EntityManager, id: string, actor: Actor): Promise<SupplierEntity> {
    const supplier = await this.lock(tx, id);
    if (supplier.ownerUserId !== actor.userId) throw DomainError.notFound('Supplier', id);
    return supplier;
  }

  private async lockOwnedForOfferingChange(
    tx: EntityManager,
    id: string,
    actor: Actor,
  ): Promise<SupplierEntity> {
    const supplier = await this.lockOwned(tx, id, actor);
    if (!acceptsOfferingChanges(supplier.status)) {
      throw invalidTransition(
        `The offerings of a ${supplier.status} supplier cannot be changed`,
        supplier.status,
      );
    }
    return supplier;
  }

  /** A supplier's offerings; they cannot change while the caller holds the supplier lock. */
  private currentOfferings(tx: EntityManager, id: string): Promise<SupplierOfferingEntity[]> {
    return tx.find(SupplierOfferingEntity, { where: { supplierId: id }, order: OFFERING_ORDER });
  }

  private offeringIn(
    offerings: readonly SupplierOfferingEntity[],
    offeringId: string,
  ): SupplierOfferingEntity {
    const offering = offerings.find((o) => o.id === offeringId);
    if (!offering) throw DomainError.notFound('Offering', offeringId);
    return offering;
  }

  private offeringFields(dto: OfferingDto) {
    return {
      category: dto.category,
      processingKind: dto.processingKind ?? defaultProcessingKind(dto.category),
      title: dto.title,
      description: dto.description,
      indicativePriceKrw: dto.indicativePriceKrw,
    };
  }

  private newOffering(
    tx: EntityManager,
    supplierId: string,
    dto: OfferingDto,
  ): SupplierOfferingEntity {
    return tx.create(SupplierOfferingEntity, {
      ...this.offeringFields(dto),
      supplierId,
      status: 'PENDING',
      replacesId: null,
    });
  }

  /**
   * Writes status changes computed by the policy. Each update is conditional on the expected
   * old status; under the supplier lock it always matches, and a mismatch is a bug worth a 500.
   */
  private async applyOfferingChanges(
    tx: EntityManager,
    changes: readonly OfferingStatusChange[],
    reason: string | null = null,
  ): Promise<void> {
    for (const change of changes) {
      const reviewReason =
        change.to === 'REJECTED'
          ? { reviewReason: reason }
          : change.to === 'APPROVED'
            ? { reviewReason: null }
            : {};
      const result = await tx.update(
        SupplierOfferingEntity,
        { id: change.id, status: change.from },
        { status: change.to, ...reviewReason },
      );
      if (result.affected !== 1) {
        throw new Error(`Offering ${change.id} was not ${change.from} as expected`);
      }
    }
  }

  /**
   * The application module owns the table; a raw statement keeps this module from depending on
   * it while still flagging in the suspension's own transaction.
   */
  private async flagApplications(tx: EntityManager, id: string, reason: string): Promise<string[]> {
    const [rows] = await tx.query<[Array<{ id: string }>, number]>(
      `UPDATE applications SET flagged = true, flag_reason = $2, updated_at = now()
       WHERE supplier_id = $1 AND status = ANY($3::text[])
       RETURNING id`,
      [id, reason, [...APPLICATION_STATUSES_FLAGGED_ON_SUSPENSION]],
    );
    return rows.map((r) => r.id).sort();
  }

  /** Tells officers a new offering of an approved supplier waits for their review. */
  private async announceSubmission(
    tx: EntityManager,
    supplier: SupplierEntity,
    offering: SupplierOfferingEntity,
    actor: Actor,
  ): Promise<void> {
    if (!reviewsOfferingsSingly(supplier.status)) return;
    await this.emit(tx, 'supplier.offering_submitted', supplier, actor, {
      offeringId: offering.id,
      title: offering.title,
      ...(offering.replacesId ? { replacesId: offering.replacesId } : {}),
      recipients: [],
    });
  }

  private emit(
    tx: EntityManager,
    type: string,
    supplier: SupplierEntity,
    actor: Actor,
    extra: Record<string, unknown>,
  ): Promise<void> {
    return this.outbox.emit(tx, {
      type,
      aggregateType: 'supplier',
      aggregateId: supplier.id,
      payload: { supplierId: supplier.id, name: supplier.name, ...extra },
      requestId: actor.requestId,
    });
  }

  /** Offerings of several suppliers in the given statuses, grouped by supplier. */
  private async offeringsOf(
    supplierIds: string[],
    statuses: readonly OfferingStatus[],
  ): Promise<Map<string, SupplierOfferingEntity[]>> {
    const grouped = new Map<string, SupplierOfferingEntity[]>();
    if (!supplierIds.length) return grouped;
    const rows = await this.dataSource.getRepository(SupplierOfferingEntity).find({
      where: { supplierId: In(supplierIds), status: In([...statuses]) },
      order: OFFERING_ORDER,
    });
    for (const row of rows) {
      const list = grouped.get(row.supplierId) ?? [];
      list.push(row);
      grouped.set(row.supplierId, list);
    }
    return grouped;
  }
}
