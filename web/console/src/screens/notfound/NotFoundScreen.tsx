import { Title } from "@mantine/core";
import { useI18n } from "../../i18n/i18n";

export default function NotFoundScreen() {
  const { t } = useI18n();
  return <Title order={2}>{t("notFound")}</Title>;
}
