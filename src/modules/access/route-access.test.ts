import assert from 'node:assert/strict';
import { test } from 'node:test';
import { can, declaredRoutes, FIELD_ACCESS, ROUTE_ACCESS, type RouteAccess, routeAccess, type RouteKey } from './route-access.ts';
import { officeOfRole, ROLES } from './roles.ts';

test('every key is METHOD[|METHOD] URL, with known methods and a URL from the root', () => {
  for (const key of Object.keys(ROUTE_ACCESS)) {
    assert.match(key, /^(GET|POST|PUT|PATCH|DELETE)(\|(GET|POST|PUT|PATCH|DELETE))* \/\S*$/, key);
  }
  assert.equal(new Set(declaredRoutes()).size, declaredRoutes().length, 'no route named twice');
});

test('HEAD is answered as GET; an unknown route has no access', () => {
  assert.equal(routeAccess('HEAD', '/api/v1/coverage'), ROUTE_ACCESS['GET /api/v1/coverage']);
  assert.equal(routeAccess('DELETE', '/fhir/*'), ROUTE_ACCESS['GET|POST|PUT|PATCH|DELETE /fhir/*']);
  assert.equal(routeAccess('GET', '/api/v1/nowhere'), undefined);
  assert.equal(routeAccess('POST', '/api/v1/coverage'), undefined);
});

test('public and API-key routes are no role’s: can() says no for every role', () => {
  for (const role of ROLES) {
    assert.equal(can(role, 'POST /api/v1/auth/login'), false);
    assert.equal(can(role, 'GET /fhir/Patient'), false);
  }
});

test('what a role sees beside a route is only for roles the route admits', () => {
  const within = (field: keyof typeof FIELD_ACCESS, route: RouteKey) => {
    for (const role of FIELD_ACCESS[field]) assert.ok(can(role, route), `${field}: ${role} may use ${route}`);
  };
  within('eligibility.details', 'GET /api/v1/eligibility/:nik');
  within('cases.anyOffice', 'GET /api/v1/cases');
  within('complaints.identity', 'GET /api/v1/complaints/:id');
});

test("a complainant's identity: complaint officers only (admin, dinkes); never a facility, never a public route", () => {
  assert.deepEqual(
    ROLES.filter((role) => can(role, 'complaints.identity')),
    ['admin', 'dinkes'],
  );
  for (const [key, access] of Object.entries(ROUTE_ACCESS) as [string, RouteAccess][]) {
    if (key.includes('/complaints') && 'roles' in access && (access.roles as readonly string[]).includes('faskes')) assert.equal(access.scope, 'facility', key);
  }
});

test('the roles that choose an office are exactly the case roles without an office of their own', () => {
  for (const role of ROLES) {
    if (!can(role, 'GET /api/v1/cases')) continue;
    assert.equal(can(role, 'cases.anyOffice'), officeOfRole(role) === null, role);
  }
});

test('the counter check: the desk, Tim SMART JKN and admin; never a funder or a viewer', () => {
  assert.deepEqual(
    ROLES.filter((role) => can(role, 'GET /api/v1/eligibility/:nik')),
    ['admin', 'dinkes', 'faskes'],
  );
});
