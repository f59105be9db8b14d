import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Actor, DomainError, Page, Role } from '@app/common';
import { inTransaction, isUniqueViolation } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { UserView } from './dto/user.dto';
import { hashPassword } from './password';
import { UserEntity } from './user.entity';

export type NewUser = {
  email: string;
  role: Role;
  displayName: string;
  locale?: 'ko' | 'en';
} & (
  | { password: string }
  /**
   * Made by hashPassword, once, for many demo or simulated accounts that share a password:
   * it spares the deliberately slow hashing of each (never for real users, who would then
   * share a salt).
   */
  | { passwordHash: string }
);

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    displayName: user.displayName,
    locale: user.locale,
    createdAt: user.createdAt,
  };
}

@Injectable()
export class UserService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly audit: AuditService,
  ) {}

  /** Creates a user; `actor` is null for self-registration and for the CLI. */
  async create(input: NewUser, actor: Actor | null): Promise<UserView> {
    const passwordHash =
      'passwordHash' in input ? input.passwordHash : await hashPassword(input.password);
    try {
      return await inTransaction(this.dataSource, async (tx) => {
        const user = await this.insert(tx, {
          email: input.email,
          role: input.role,
          displayName: input.displayName,
          locale: input.locale,
          passwordHash,
        });
        await this.audit.record(tx, {
          entity: 'user',
          entityId: user.id,
          action: 'user.created',
          actor: actor ?? { userId: user.id, email: user.email, role: user.role, requestId: '' },
          after: { email: user.email, role: user.role, displayName: user.displayName },
        });
        return toUserView(user);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) {
        throw new DomainError('EMAIL_TAKEN', 'An account with this e-mail already exists', {
          fields: [{ field: 'email', reasons: ['email is already registered'] }],
        });
      }
      throw error;
    }
  }

  private async insert(
    tx: EntityManager,
    input: Omit<NewUser, 'password' | 'passwordHash'> & { passwordHash: string },
  ): Promise<UserEntity> {
    const entity = tx.create(UserEntity, {
      email: input.email.trim().toLowerCase(),
      passwordHash: input.passwordHash,
      role: input.role,
      displayName: input.displayName,
      locale: input.locale ?? 'ko',
    });
    return tx.save(entity);
  }

  /** For login only: the one place the password hash is read. */
  findWithPassword(email: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw DomainError.notFound('User', id);
    return toUserView(user);
  }

  async list(role: Role | undefined, limit: number, offset: number): Promise<Page<UserView>> {
    const [items, total] = await this.users.findAndCount({
      where: role ? { role } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: items.map(toUserView), total, limit, offset };
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
