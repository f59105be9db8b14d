import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenPayload, DomainError } from '@app/common';
import { AccessTokenDto, LoginDto, RegisterDto, UserView } from '../user/dto/user.dto';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../user/password';
import { UserService } from '../user/user.service';
import { LoginLimiter } from './login-limiter';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserService,
    private readonly jwt: JwtService,
    private readonly limiter: LoginLimiter,
  ) {}

  register(dto: RegisterDto): Promise<UserView> {
    return this.users.create(dto, null);
  }

  /** Same answer and similar timing for an unknown e-mail and a wrong password. */
  async login(dto: LoginDto, ip: string): Promise<AccessTokenDto> {
    await this.limiter.assertAllowed(dto.email, ip);
    const user = await this.users.findWithPassword(dto.email);
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok) {
      await this.limiter.recordFailure(dto.email, ip);
      throw new DomainError('INVALID_CREDENTIALS', 'E-mail or password is incorrect');
    }
    await this.limiter.reset(dto.email, ip);
    return this.issueToken(user);
  }

  /**
   * The access token of a user whose identity is established: by login above, or by a tool
   * that created the account itself (the simulation, which logs in only a few of its hundreds).
   */
  async issueToken(user: Pick<UserView, 'id' | 'email' | 'role'>): Promise<AccessTokenDto> {
    const payload: AccessTokenPayload = { sub: user.id, email: user.email, role: user.role };
    return { accessToken: await this.jwt.signAsync(payload), tokenType: 'Bearer' };
  }
}
