import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSeeOtherResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, type Page, type SignInProviderView } from '@hub/contracts';
import {
  AuthenticateSessionUseCase,
  csrfTokenMatches,
  DomainError,
  EndSessionUseCase,
  ERROR_CODES,
  SignInUseCase,
} from '@hub/domain';
import {
  cookieIsSecure,
  HUB_CONFIG,
  OidcSignIn,
  Public,
  readCookie,
  sessionSecretOf,
  SIGN_IN_ATTEMPT_MS,
  SIGN_IN_COOKIE,
  STATUS_OF_CODE,
  type HubConfig,
} from '@hub/platform';
import { IncidentRoomGateway } from '../room/incident-room.gateway';
import { signInPage } from './sign-in-pages';
import { answer } from '../openapi/answer';
import { SignInProviderViewSchema } from '../openapi/answers/organisations.answers';
import { pageOf } from '../openapi/answers/answer-schema';

const AUTH_PATH = '/api/v1/auth';
const ISSUER_KEY = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * The console's sign-in through an organisation's identity provider. Public routes: they are how a
 * browser gets a session in the first place, and answer pages or redirects, not JSON, where a browser
 * lands on them.
 */
@ApiTags('sign-in')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly oidc: OidcSignIn,
    private readonly signIn: SignInUseCase,
    private readonly authenticateSession: AuthenticateSessionUseCase,
    private readonly endSession: EndSessionUseCase,
    private readonly room: IncidentRoomGateway,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** The identity providers configured, for the console's "Sign in with ..." buttons. */
  @Get('providers')
  @ApiOperation({
    operationId: 'listSignInProviders',
    summary: 'The identity providers one may sign in with',
  })
  @ApiOkResponse(answer(pageOf(SignInProviderViewSchema)))
  providers(): Page<SignInProviderView> {
    return {
      items: this.oidc.list().map((i) => ({
        key: i.key,
        name: i.name,
        loginUrl: `${AUTH_PATH}/login?issuer=${encodeURIComponent(i.key)}`,
      })),
    };
  }

  /** Sends the browser to its identity provider (`?issuer=<key>`, optional when one is configured). */
  @Get('login')
  @ApiOperation({
    operationId: 'startSignIn',
    summary: 'Start an OpenID Connect sign-in (a browser redirect)',
  })
  @ApiFoundResponse({ description: 'To the identity provider.' })
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    const keys = this.oidc.keys();
    const asked = req.query.issuer;
    const key = typeof asked === 'string' ? asked : keys.length === 1 ? keys[0] : undefined;
    if (!key || !ISSUER_KEY.test(key)) {
      throw new DomainError(
        ERROR_CODES.VALIDATION_FAILED,
        'issuer: the key of a configured issuer is required',
        [{ field: 'issuer', message: `one of: ${keys.join(', ') || '(none configured)'}` }],
      );
    }
    const { url, state } = await this.oidc.start(key, this.redirectUri(req));
    res.cookie(SIGN_IN_COOKIE, state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure(req),
      path: AUTH_PATH,
      maxAge: SIGN_IN_ATTEMPT_MS,
    });
    res.redirect(302, url.href);
  }

  /** Where the provider sends the browser back: checks its answer, opens a session, lands in the console. */
  @Get('callback')
  @ApiOperation({
    operationId: 'finishSignIn',
    summary: 'End an OpenID Connect sign-in with a session cookie (a browser redirect)',
  })
  @ApiSeeOtherResponse({ description: 'Signed in: to the console, with the session cookie.' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.clearCookie(SIGN_IN_COOKIE, { path: AUTH_PATH });
    try {
      const callbackUrl = new URL(req.originalUrl, this.base(req));
      const identity = await this.oidc.finish(
        callbackUrl,
        readCookie(req.headers.cookie, SIGN_IN_COOKIE),
        this.redirectUri(req),
      );
      const outcome = await this.signIn.execute(identity);
      if (!outcome.admitted) {
        this.room.disconnectSessions(outcome.ended.map((s) => s.id));
        this.clearSessionCookies(res);
        res
          .status(403)
          .type('html')
          .send(
            signInPage(
              'You cannot sign in to this hub',
              `Signed in at your identity provider as ${identity.subject}, but ${outcome.reason}`,
              'Ask the administrator of the hub for your organisation to map one of your groups (or another claim your identity provider sends) to your organisation, then sign in again.',
            ),
          );
        return;
      }
      const cookie = { sameSite: 'lax' as const, secure: this.secure(req), path: '/' };
      const maxAge = outcome.session.expiresAt.getTime() - Date.now();
      res.cookie(SESSION_COOKIE, outcome.secret, { ...cookie, httpOnly: true, maxAge });
      res.cookie(CSRF_COOKIE, outcome.csrfToken, { ...cookie, httpOnly: false, maxAge });
      res.redirect(303, '/');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = STATUS_OF_CODE[error.code];
      res
        .status(status)
        .type('html')
        .send(
          signInPage(
            'Sign-in did not complete',
            error.message,
            status === 503
              ? 'Try again in a few minutes; if it lasts, tell the hub administrator.'
              : 'Go back to the hub and start signing in again.',
          ),
        );
    }
  }

  /** Ends this browser's session everywhere: the row is deleted and its sockets are disconnected. */
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ operationId: 'signOut', summary: 'End the console session' })
  @ApiNoContentResponse({ description: 'Signed out.' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const secret = sessionSecretOf(req.headers.cookie);
    if (secret) {
      // Only a page of the hub may sign the browser out: the same CSRF check as any change.
      const live = await this.authenticateSession.execute(secret).catch(() => null);
      if (live && !csrfTokenMatches(secret, req.get(CSRF_HEADER)))
        throw new DomainError(ERROR_CODES.FORBIDDEN, 'X-CSRF-Token: signing out needs the CSRF token');
      const ended = await this.endSession.execute(secret);
      if (ended) this.room.disconnectSessions([ended.id]);
    }
    this.clearSessionCookies(res);
  }

  private clearSessionCookies(res: Response): void {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  private base(req: Request): string {
    return (this.config.HUB_PUBLIC_URL ?? `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '');
  }

  private redirectUri(req: Request): string {
    return `${this.base(req)}${AUTH_PATH}/callback`;
  }

  private secure(req: Request): boolean {
    return cookieIsSecure(this.config.HUB_PUBLIC_URL, req);
  }
}
