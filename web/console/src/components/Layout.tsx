// The page frame: who is signed in, the language switch, the navigation the role
// uses, and the sends still waiting for the connection. Laid out by console.css
// (.shell): Mantine's AppShell would inject a <style> element the CSP refuses.
import { Alert, Burger, Button, Group, NavLink, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router-dom";
import { logout, type Role } from "../api/session";
import { useApp, usePending } from "../app/context";
import { useI18n } from "../i18n/i18n";

const navByRole: Record<Role, Array<[string, string]>> = {
  village_operator: [["/", "nav.home"], ["/usulan-warga", "nav.citizenQueue"], ["/proposals/new", "nav.new"], ["/import", "nav.import"], ["/register", "nav.register"]],
  village_head: [["/", "nav.home"], ["/deliberations", "nav.deliberations"], ["/register", "nav.register"]],
  verifier: [["/", "verif.title"]],
  district_officer: [["/", "nav.home"], ["/review", "nav.review"], ["/konfirmasi", "nav.confirm"], ["/usulan-dinsos", "nav.districtNew"],
    ["/verval", "nav.visits"], ["/batches", "nav.batches"], ["/dashboard", "nav.dashboard"], ["/register", "nav.register"]],
  regent: [["/", "nav.home"], ["/batches", "nav.batches"], ["/register", "nav.register"]],
  province_officer: [["/", "nav.home"], ["/batches", "nav.batches"], ["/register", "nav.register"]],
  central_reviewer: [["/", "nav.home"], ["/decisions", "nav.decisions"], ["/keputusan-tunggal", "nav.single"], ["/register", "nav.register"]],
  auditor: [["/", "nav.audit"], ["/register", "nav.register"]],
  // A citizen sees their own page only: no office screen is linked.
  citizen: [["/warga", "nav.citizen"]],
};

export function Layout({ children }: { children: ReactNode }) {
  const { me, queue } = useApp();
  const { t, lang, setLang } = useI18n();
  const pending = usePending();
  const location = useLocation();
  // On a phone (villages) the navigation folds behind a menu button.
  const [navOpen, nav] = useDisclosure(false);
  return (
    <div className={`shell${navOpen ? " nav-open" : ""}`}>
      <a className="skip-link" href="#main">{t("app.skip")}</a>
      <header className="shell-header">
        <Group gap="xs" wrap="nowrap">
          <Burger className="shell-menu" opened={navOpen} onClick={nav.toggle} size="sm" aria-label={t("nav.main")}
            aria-expanded={navOpen} data-testid="nav-toggle" />
          <Title order={1} size="h3">{t("app.title")}</Title>
        </Group>
        <Group gap="sm" wrap="nowrap">
          <Text size="sm" data-testid="whoami" visibleFrom="sm">
            {me.name} · {t(`role.${me.role}`)}{me.region ? ` · ${me.region}` : ""}
          </Text>
          <SegmentedControl
            aria-label={t("lang.switch")}
            size="xs"
            value={lang}
            onChange={(v) => setLang(v as "id" | "en")}
            data={[{ value: "id", label: "ID" }, { value: "en", label: "EN" }]}
            data-testid="lang-switch"
          />
          <Button variant="default" size="xs" onClick={logout} data-testid="logout">
            {t("session.logout")}
          </Button>
        </Group>
      </header>
      <nav className="shell-nav" aria-label={t("nav.main")}>
        {navByRole[me.role].map(([to, key]) => (
          <NavLink
            key={to}
            component={Link}
            to={to}
            label={t(key)}
            active={location.pathname === to}
            onClick={nav.close}
            data-testid={`nav-${to === "/" ? "home" : to.slice(1).replace("/", "-")}`}
          />
        ))}
      </nav>
      <main className="shell-main" id="main">
        <Stack gap="md">
          {pending.length > 0 && (
            <Alert color="yellow" role="status" data-testid="pending-sends" title={t("offline.pending", { n: pending.length })}>
              <Group justify="space-between">
                <Text size="sm">{t("offline.warning")}</Text>
                <Button size="xs" variant="light" onClick={() => queue.retryAll()} data-testid="retry-now">
                  {t("common.retryNow")}
                </Button>
              </Group>
            </Alert>
          )}
          {children}
        </Stack>
      </main>
    </div>
  );
}
