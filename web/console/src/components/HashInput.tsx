// A document hash field: typed or pasted (64 hex digits), or filled by uploading
// the document, in which case the server's SHA-256 is used.
import { Button, FileButton, Group, TextInput } from "@mantine/core";
import { useState } from "react";
import { uploadDocument } from "../api/documents";
import { isSha256Hex } from "../domain/hex";
import { useI18n } from "../i18n/i18n";
import { errorText } from "./ErrorAlert";

interface Props {
  label: string;
  value: string;
  onChange(v: string): void;
  testId: string;
  required?: boolean;
  error?: string;
}

export function HashInput({ label, value, onChange, testId, required = true, error }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string>();
  const shown =
    error ?? uploadError ?? (value !== "" && !isSha256Hex(value) ? t("hash.hex") : undefined);
  const upload = (file: File | null) => {
    if (!file) return;
    setBusy(true);
    setUploadError(undefined);
    uploadDocument(file).then(
      (r) => { onChange(r.sha256); setBusy(false); },
      (e: unknown) => { setUploadError(errorText(e)); setBusy(false); },
    );
  };
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <TextInput
        style={{ flex: 1 }}
        label={label}
        value={value}
        required={required}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={shown}
        spellCheck={false}
        autoComplete="off"
        classNames={{ input: "mono" }}
        data-testid={testId}
      />
      <FileButton onChange={upload} accept="application/pdf,image/jpeg,image/png">
        {(props) => (
          <Button {...props} variant="default" loading={busy} data-testid={`${testId}-upload`} aria-label={`${t("doc.upload")}: ${label}`}>
            {t("doc.upload")}
          </Button>
        )}
      </FileButton>
    </Group>
  );
}
