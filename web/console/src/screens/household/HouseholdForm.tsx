// The household editor: KK, address, the members table and the socio-economic
// fields, each with its problem shown inline (the console's checks first, then
// whatever the server refused).
import { ActionIcon, Button, Checkbox, Fieldset, NativeSelect, Table, Text, TextInput, Title } from "@mantine/core";
import { FormGrid } from "../../components/FormGrid";
import { Relationship, Sex } from "../../gen/usulan/v1/common_pb";
import {
  emptyMember,
  snake,
  socioNumberFields,
  socioTextFields,
  type FieldProblem,
  type HouseholdDraft,
  type MemberDraft,
} from "../../domain/household";
import { useI18n } from "../../i18n/i18n";

interface Props {
  value: HouseholdDraft;
  onChange(next: HouseholdDraft): void;
  problems: Map<string, FieldProblem>;
  /** 1-based positions the registry did not confirm (NIK_MISMATCH). */
  mismatch?: number[];
  disabled?: boolean;
  /** Leaves the KK out (a citizen's own household: the server takes it from the account). */
  hideKk?: boolean;
}

const relationships = [Relationship.UNSPECIFIED, Relationship.HEAD, Relationship.SPOUSE, Relationship.CHILD, Relationship.PARENT, Relationship.OTHER_RELATIVE, Relationship.OTHER];
const sexes = [Sex.UNSPECIFIED, Sex.MALE, Sex.FEMALE];

export function HouseholdForm({ value, onChange, problems, mismatch = [], disabled, hideKk = false }: Props) {
  const { t } = useI18n();
  const problem = (path: string) => {
    const p = problems.get(path);
    return p ? (p.code.includes(" ") ? p.code : t(p.code, p.params)) : undefined;
  };
  const setMember = (i: number, patch: Partial<MemberDraft>) =>
    onChange({ ...value, members: value.members.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const setSocio = (k: keyof HouseholdDraft["socioEconomic"], v: string) =>
    onChange({ ...value, socioEconomic: { ...value.socioEconomic, [k]: v } });

  return (
    <Fieldset legend={t("proposal.household")} disabled={disabled} data-testid="household-form">
      <FormGrid cols={2}>
        {!hideKk && <TextInput
          label={t("hh.kk")}
          required
          inputMode="numeric"
          maxLength={16}
          autoComplete="off"
          value={value.kkNumber}
          onChange={(e) => onChange({ ...value, kkNumber: e.currentTarget.value.trim() })}
          error={problem("household.kk_number")}
          data-testid="hh-kk"
        />}
        <TextInput
          label={t("hh.address")}
          autoComplete="off"
          value={value.address}
          onChange={(e) => onChange({ ...value, address: e.currentTarget.value })}
          error={problem("household.address")}
          data-testid="hh-address"
        />
      </FormGrid>

      <Title order={3} size="h5" mt="md">{t("common.members")}</Title>
      {problem("household.members") && <Text c="red" role="alert" size="sm" data-testid="hh-members-error">{problem("household.members")}</Text>}
      <Table.ScrollContainer minWidth={1000}>
        <Table data-testid="members-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t("hh.nik")}</Table.Th>
              <Table.Th>{t("hh.name")}</Table.Th>
              <Table.Th>{t("hh.relationship")}</Table.Th>
              <Table.Th>{t("hh.sex")}</Table.Th>
              <Table.Th>{t("hh.birthDate")}</Table.Th>
              <Table.Th>{t("hh.occupation")}</Table.Th>
              <Table.Th>{t("hh.disability")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {value.members.map((m, i) => {
              const p = `household.members[${i}]`;
              const n = i + 1;
              const label = (k: string) => `${t(k)} — ${t("hh.member", { n })}`;
              const flagged = mismatch.includes(n);
              return (
                <Table.Tr key={i} data-testid={`member-${n}`} data-mismatch={flagged || undefined}>
                  <Table.Td>{n}</Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={label("hh.nik")}
                      miw={190}
                      classNames={{ input: "mono" }}
                      inputMode="numeric"
                      maxLength={16}
                      autoComplete="off"
                      value={m.nik}
                      onChange={(e) => setMember(i, { nik: e.currentTarget.value.trim() })}
                      error={problem(`${p}.nik`) ?? (flagged ? t("hh.mismatchMember") : undefined)}
                      data-testid={`member-${n}-nik`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={label("hh.name")} autoComplete="off" value={m.name}
                      onChange={(e) => setMember(i, { name: e.currentTarget.value })}
                      error={problem(`${p}.name`)} data-testid={`member-${n}-name`} />
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect aria-label={label("hh.relationship")} value={String(m.relationship)}
                      onChange={(e) => setMember(i, { relationship: Number(e.currentTarget.value) as Relationship })}
                      data={relationships.map((r) => ({ value: String(r), label: t(`relationship.${Relationship[r]}`) }))}
                      error={problem(`${p}.relationship`)} data-testid={`member-${n}-relationship`} />
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect aria-label={label("hh.sex")} value={String(m.sex)}
                      onChange={(e) => setMember(i, { sex: Number(e.currentTarget.value) as Sex })}
                      data={sexes.map((s) => ({ value: String(s), label: t(`sex.${Sex[s]}`) }))}
                      data-testid={`member-${n}-sex`} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={label("hh.birthDate")} type="date" value={m.birthDate}
                      onChange={(e) => setMember(i, { birthDate: e.currentTarget.value })}
                      error={problem(`${p}.birth_date`)} data-testid={`member-${n}-birth-date`} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={label("hh.occupation")} value={m.occupation}
                      onChange={(e) => setMember(i, { occupation: e.currentTarget.value })}
                      error={problem(`${p}.occupation`)} data-testid={`member-${n}-occupation`} />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox aria-label={label("hh.disability")} checked={m.hasDisability}
                      onChange={(e) => setMember(i, { hasDisability: e.currentTarget.checked })}
                      data-testid={`member-${n}-disability`} />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="red" aria-label={t("hh.removeMember", { n })}
                      disabled={value.members.length <= 1}
                      onClick={() => onChange({ ...value, members: value.members.filter((_, j) => j !== i) })}
                      data-testid={`member-${n}-remove`}>
                      ✕
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Button variant="light" mt="xs" onClick={() => onChange({ ...value, members: [...value.members, emptyMember()] })} data-testid="add-member">
        {t("hh.addMember")}
      </Button>

      <Title order={3} size="h5" mt="md">{t("hh.socio")}</Title>
      <FormGrid cols={3}>
        {socioNumberFields.map((f) => (
          <TextInput key={f} label={t(`hh.${f}`)} inputMode="numeric" value={value.socioEconomic[f]}
            onChange={(e) => setSocio(f, e.currentTarget.value.trim())}
            error={problem(`household.socio_economic.${snake(f)}`)} data-testid={`se-${f}`} />
        ))}
        {socioTextFields.map((f) => (
          <TextInput key={f} label={t(`hh.${f}`)} value={value.socioEconomic[f]}
            onChange={(e) => setSocio(f, e.currentTarget.value)}
            error={problem(`household.socio_economic.${snake(f)}`)} data-testid={`se-${f}`} />
        ))}
      </FormGrid>
    </Fieldset>
  );
}
