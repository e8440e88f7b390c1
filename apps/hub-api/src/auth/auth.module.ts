import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { ApiTokensResolver } from './api-tokens.resolver.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AccessService } from './access.service.js';
import { AuthController } from './auth.controller.js';
import { AuthMiddleware } from './auth.middleware.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { ClusterLabelsRepository } from './cluster-labels.repository.js';
import { GrantsRepository } from './grants.repository.js';
import { OidcClient } from './oidc/oidc-client.js';
import { OidcController } from './oidc/oidc.controller.js';
import { OidcSignInService } from './oidc/oidc-sign-in.service.js';
import { OidcUsersRepository } from './oidc/oidc-users.repository.js';
import { RolesGuard } from './roles.guard.js';
import { SessionsRepository } from './sessions.repository.js';
import { UsersRepository } from './users.repository.js';
import { ViewerResolver } from './viewer.resolver.js';

@Module({
  controllers: [AuthController, OidcController],
  providers: [
    AuthService,
    AccessService,
    OidcClient,
    OidcSignInService,
    OidcUsersRepository,
    ClusterLabelsRepository,
    GrantsRepository,
    ApiTokensService,
    LoginThrottle,
    UsersRepository,
    SessionsRepository,
    ApiTokensRepository,
    RolesGuard,
    ViewerResolver,
    ApiTokensResolver,
  ],
  exports: [AuthService, AccessService, RolesGuard, UsersRepository],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware).forRoutes('*path');
  }
}
